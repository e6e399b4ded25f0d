"""The login session in the cookie: its keys, the clock it is measured by, and how a session
starts and ends. The guard, the login pages and single sign-on all read it from here."""

from __future__ import annotations

import datetime as dt

from flask import current_app, session
from flask_login import login_user, logout_user

from auth.user import CurrentUser
from dashboard import usage
from dashboard.data.models import utcnow

# Session keys: the account's session version at login (start_session) and the last request
# (UTC epoch seconds), refreshed at most once a LAST_SEEN_REFRESH_S so that not every request
# sends a new cookie.
SESSION_VERSION_KEY = "_sv"
# The account's privilege version this session last saw (role and theme grants, see
# dashboard/data/users.privileges_changed): a change rotates the CSRF token.
PRIVILEGE_VERSION_KEY = "_pv"
LAST_SEEN_KEY = "_last_seen"
LAST_SEEN_REFRESH_S = 60
FLASK_LOGIN_USER_KEY = "_user_id"
SESSION_EXPIRED = "Uw sessie is verlopen. Log opnieuw in."
# A single sign-on session: {"p": provider name, "until": UTC epoch seconds}. Past "until" the
# user logs in at the provider again, which a disabled work account cannot.
SSO_KEY = "_sso"
SSO_EXPIRED = "Uw aanmelding met uw werkaccount is verlopen. Log opnieuw in."
NOTICE_CATEGORY = "sessie"
# server.extensions[CLOCK_KEY]: a function returning the naive UTC now (tests move it).
CLOCK_KEY = "veiligheid_clock"


def clock() -> dt.datetime:
    return current_app.extensions.get(CLOCK_KEY, utcnow)()


def timestamp(moment: dt.datetime) -> int:
    return int(moment.replace(tzinfo=dt.UTC).timestamp())


def start_session(snapshot: CurrentUser, version: int, now: dt.datetime) -> None:
    """The session of a successful login, by password or single sign-on alike. Nothing of the
    session before the login carries over, its CSRF token least of all (OWASP ASVS 3.2.1): a
    token planted or read before the login is worthless after it."""
    session.clear()
    login_user(snapshot, remember=False)
    session[SESSION_VERSION_KEY] = version
    session[PRIVILEGE_VERSION_KEY] = snapshot.privilege_version
    session[LAST_SEEN_KEY] = timestamp(now)
    usage.track("login")


def end_session() -> None:
    """Forget the login in this cookie (the account's other sessions are not touched)."""
    logout_user()
    for key in (SESSION_VERSION_KEY, PRIVILEGE_VERSION_KEY, LAST_SEEN_KEY, SSO_KEY):
        session.pop(key, None)
