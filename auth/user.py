"""The logged-in user as the web layer sees it: an immutable snapshot of the account."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_login import UserMixin


@dataclass(frozen=True)
class CurrentUser(UserMixin):
    id: int
    username: str
    role: str
    gemeente_code: str | None
    active: bool
    # Granted themes, read at login and at every request so a revoke takes effect at once.
    themes: frozenset[str] = field(default_factory=frozenset)
    # Whether the current user protocol is accepted, read with the user at every request.
    protocol_accepted: bool = False
    # Raised at every role or grant change; the guard rotates the session's CSRF token on it.
    privilege_version: int = 0

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    @classmethod
    def from_model(
        cls, user, themes: frozenset[str] = frozenset(), protocol_accepted: bool = False
    ) -> CurrentUser:
        return cls(
            user.id,
            user.username,
            user.role,
            user.gemeente_code,
            user.active,
            themes,
            protocol_accepted,
            user.privilege_version or 0,
        )
