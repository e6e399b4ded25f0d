"""Single sign-on accounts: which account a verified identity logs in as, and what the
provider's groups say about its role, gemeente and themes.

The account is found by the provider and its stable subject claim only (Entra ID: oid); an
e-mail address can be reused or renamed, so it is shown, never matched on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol

from sqlalchemy.orm import Session

from dashboard.data.models import User
from dashboard.data.store import grants as grant_store
from dashboard.data.store import users

# The strongest role wins when the groups name several: the groups are managed by the
# municipality's own administrators, so a membership is a deliberate grant.
ROLE_STRENGTH = {"gebruiker": 0, "projectleider": 1, "admin": 2}


class Provider(Protocol):
    """What an account login needs of its SSO provider (dashboard.config_sso.OidcProvider, a
    setting: described here, since the data layer does not import the configuration)."""

    @property
    def name(self) -> str: ...

    @property
    def unknown_users(self) -> str: ...  # "refuse" or "create"

    @property
    def group_roles(self) -> Mapping[str, str]: ...

    @property
    def group_gemeenten(self) -> Mapping[str, str]: ...

    @property
    def group_themes(self) -> Mapping[str, str]: ...

    @property
    def maps_groups(self) -> bool: ...


class Refusal(NamedTuple):
    reason: str  # audit log
    message: str  # shown to the user


UNKNOWN_ACCOUNT = Refusal(
    "onbekend werkaccount",
    "Uw werkaccount heeft nog geen toegang tot Dashboard Veiligheid. Vraag de projectleider "
    "om toegang en geef deze accountcode door: {subject}",
)
DISABLED = Refusal(
    "account uitgeschakeld",
    "Dit account is uitgeschakeld. Neem contact op met de projectleider.",
)
SEVERAL_GEMEENTEN = Refusal(
    "groepen van meer gemeenten",
    "Uw werkaccount zit in groepen van meer dan één gemeente; de beheerder moet dit "
    "rechtzetten voordat u kunt inloggen.",
)


class GroupRights(NamedTuple):
    role: str | None
    gemeente: str | None
    themes: frozenset[str] | None  # None: themes are not mapped, the admin page decides


def rights_from_groups(provider: Provider, groups: frozenset[str]) -> GroupRights | Refusal:
    roles = [provider.group_roles[g] for g in groups if g in provider.group_roles]
    gemeenten = {provider.group_gemeenten[g] for g in groups if g in provider.group_gemeenten}
    if len(gemeenten) > 1:
        return SEVERAL_GEMEENTEN
    role = max(roles, key=ROLE_STRENGTH.__getitem__) if roles else None
    if provider.group_roles and role is None:
        role = "gebruiker"  # mapped roles: without a role group an account is a plain user
    gemeente = next(iter(gemeenten), None)
    themes = (
        frozenset(provider.group_themes[g] for g in groups if g in provider.group_themes)
        if provider.group_themes
        else None
    )
    return GroupRights(role, gemeente, themes)


def _apply(session: Session, user: User, provider: Provider, rights: GroupRights) -> None:
    actor = f"sso:{provider.name}"
    role = rights.role if provider.group_roles else user.role
    gemeente = rights.gemeente if provider.group_gemeenten else user.gemeente_code
    users.set_role(session, user.username, role, gemeente, by=actor)
    if rights.themes is not None:
        grant_store.set_themes(session, user.username, rights.themes, by=actor)


def account_for(
    session: Session,
    provider: Provider,
    subject: str,
    display_name: str | None,
    groups: frozenset[str],
) -> User | Refusal:
    """The account this identity logs in as, created and mapped per the configuration."""
    rights = rights_from_groups(provider, groups) if provider.maps_groups else None
    if isinstance(rights, Refusal):
        return rights
    user = users.get_user_by_sso(session, provider.name, subject)
    if user is None:
        if provider.unknown_users != "create":
            return Refusal(UNKNOWN_ACCOUNT.reason, UNKNOWN_ACCOUNT.message.format(subject=subject))
        user = users.add_sso_user(
            session, provider.name, subject, display_name, by=f"sso:{provider.name}"
        )
    if not user.active:
        return DISABLED
    if display_name and user.display_name != display_name:
        user.display_name = display_name
    if rights is not None:
        _apply(session, user, provider, rights)
    return user
