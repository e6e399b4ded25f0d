"""Single sign-on settings: the OpenID Connect providers, read from a TOML file.

dashboard/config.py reads the file's path and the client secrets from the environment and calls
parse_providers; this module only checks the file, so every mistake names the provider and key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.data.models import GEMEENTE_RE, ROLES
from dashboard.data.reference.themes import THEMES

UNKNOWN_USER_POLICIES = ("refuse", "create")
# Entra ID's multi-tenant discovery documents name the issuer with this placeholder; the
# expected issuer of a token is the template with the token's own tenant filled in.
TENANT_PLACEHOLDER = "{tenantid}"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_CLOCK_SKEW_S = 300
KNOWN_KEYS = {
    "name",
    "label",
    "discovery_url",
    "client_id",
    "client_secret",
    "scopes",
    "tenants",
    "subject_claim",
    "display_claims",
    "unknown_users",
    "clock_skew_seconds",
    "token_auth_method",
    "group_claim",
    "group_roles",
    "group_gemeenten",
    "group_themes",
}
TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


class SsoConfigError(ValueError):
    """The SSO configuration is wrong; the message names the file, provider and key."""


@dataclass(frozen=True)
class OidcProvider:
    name: str  # in the URLs /login/sso/<name>; also stored with each linked account
    label: str  # the login button's text
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str = "openid profile email"
    # Allowed tenants (Entra ID's tid claim); empty: any tenant, only for single-tenant issuers.
    tenants: tuple[str, ...] = ()
    # The stable, never reassigned claim the account is matched on: Entra's oid, else sub.
    subject_claim: str = "sub"
    # Claims tried in order for the name shown in the admin page; never matched on.
    display_claims: tuple[str, ...] = ("preferred_username", "email", "name")
    unknown_users: str = "refuse"
    clock_skew_s: int = 120
    token_auth_method: str = "client_secret_basic"
    group_claim: str = "groups"
    # Group id -> role / gemeente / theme. A mapping that is set is the source of truth at
    # every login: what the provider's groups say replaces what the admin page set.
    group_roles: Mapping[str, str] = field(default_factory=dict)
    group_gemeenten: Mapping[str, str] = field(default_factory=dict)
    group_themes: Mapping[str, str] = field(default_factory=dict)

    @property
    def maps_groups(self) -> bool:
        return bool(self.group_roles or self.group_gemeenten or self.group_themes)


def _secure_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    # Plain http only on loopback: a provider started by the tests or a local development IdP.
    return parts.scheme == "http" and parts.hostname in {"localhost", "127.0.0.1", "::1"}


def _text(where: str, raw: dict, key: str, *, required: bool = True, default: str = "") -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise SsoConfigError(f"{where}: {key} moet tekst zijn")
    value = value.strip()
    if required and not value:
        raise SsoConfigError(f"{where}: {key} ontbreekt")
    return value


def _texts(where: str, raw: dict, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    value = raw.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SsoConfigError(f"{where}: {key} moet een lijst met tekst zijn")
    return tuple(v.strip() for v in value)


def _mapping(where: str, raw: dict, key: str, check: Callable[[str], bool], expect: str):
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise SsoConfigError(f"{where}: {key} moet een tabel groep = waarde zijn")
    for group, target in value.items():
        if not isinstance(target, str) or not check(target):
            raise SsoConfigError(f"{where}: {key}.{group} = {target!r}: verwacht {expect}")
    return dict(value)


def _provider(where: str, raw: dict, secret_from_env: Callable[[str], str]) -> OidcProvider:
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        raise SsoConfigError(f"{where}: onbekende sleutel(s) {', '.join(unknown)}")
    name = _text(where, raw, "name")
    if not NAME_PATTERN.match(name):
        raise SsoConfigError(f"{where}: name {name!r}: kleine letters, cijfers en '-'")
    where = f"{where} ({name})"
    discovery_url = _text(where, raw, "discovery_url")
    if not _secure_url(discovery_url):
        raise SsoConfigError(f"{where}: discovery_url moet https zijn: {discovery_url!r}")
    secret = secret_from_env(name) or _text(where, raw, "client_secret", required=False)
    if not secret:
        env_name = "VEILIGHEID_OIDC_" + name.upper().replace("-", "_") + "_CLIENT_SECRET"
        raise SsoConfigError(f"{where}: client_secret ontbreekt (zet {env_name})")
    tenants = _texts(where, raw, "tenants")
    if "login.microsoftonline.com" in discovery_url and not tenants:
        # Without a tenant list any Microsoft 365 organisation in the world could log in.
        raise SsoConfigError(
            f"{where}: tenants ontbreekt; noem de toegestane tenant-id's van de gemeenten"
        )
    unknown_users = _text(where, raw, "unknown_users", default="refuse")
    if unknown_users not in UNKNOWN_USER_POLICIES:
        raise SsoConfigError(f"{where}: unknown_users moet refuse of create zijn")
    skew = raw.get("clock_skew_seconds", 120)
    if not isinstance(skew, int) or not 0 <= skew <= MAX_CLOCK_SKEW_S:
        raise SsoConfigError(f"{where}: clock_skew_seconds tussen 0 en {MAX_CLOCK_SKEW_S}")
    method = _text(where, raw, "token_auth_method", default="client_secret_basic")
    if method not in TOKEN_AUTH_METHODS:
        raise SsoConfigError(f"{where}: token_auth_method: {' of '.join(TOKEN_AUTH_METHODS)}")
    scopes = _text(where, raw, "scopes", default="openid profile email")
    if "openid" not in scopes.split():
        raise SsoConfigError(f"{where}: scopes moet openid bevatten")
    return OidcProvider(
        name=name,
        label=_text(where, raw, "label", default=f"Inloggen met {name}"),
        discovery_url=discovery_url,
        client_id=_text(where, raw, "client_id"),
        client_secret=secret,
        scopes=scopes,
        tenants=tenants,
        subject_claim=_text(where, raw, "subject_claim", default="oid" if tenants else "sub"),
        display_claims=_texts(
            where, raw, "display_claims", ("preferred_username", "email", "name")
        ),
        unknown_users=unknown_users,
        clock_skew_s=skew,
        token_auth_method=method,
        group_claim=_text(where, raw, "group_claim", default="groups"),
        group_roles=_mapping(where, raw, "group_roles", ROLES.__contains__, "een rol"),
        group_gemeenten=_mapping(
            where, raw, "group_gemeenten", lambda v: bool(GEMEENTE_RE.match(v)), "GMxxxx"
        ),
        group_themes=_mapping(where, raw, "group_themes", THEMES.__contains__, "een thema"),
    )


def parse_providers(path: Path, secret_from_env: Callable[[str], str]) -> tuple[OidcProvider, ...]:
    """The [[provider]] tables of the file; secret_from_env(name) gives an environment secret."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SsoConfigError(f"{path.name}: niet te lezen ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SsoConfigError(f"{path.name}: geen geldige TOML: {exc}") from exc
    raw_providers = data.get("provider")
    if not isinstance(raw_providers, list) or not raw_providers:
        raise SsoConfigError(f"{path.name}: geen [[provider]] gevonden")
    providers = tuple(
        _provider(f"{path.name}, provider {index}", raw, secret_from_env)
        for index, raw in enumerate(raw_providers, start=1)
    )
    names = [p.name for p in providers]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SsoConfigError(f"{path.name}: provider-naam dubbel: {', '.join(duplicates)}")
    return providers
