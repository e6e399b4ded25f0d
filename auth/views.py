"""Login and logout pages (server-rendered, so they work before any Dash endpoint is reachable)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask_login import current_user, login_user, logout_user

from auth.safety import csrf_token, csrf_valid, safe_next
from auth.user import CurrentUser
from dashboard import usage
from dashboard.data import users as user_store
from dashboard.data.session import write_session

blueprint = Blueprint("auth", __name__, template_folder="templates")

BAD_LOGIN = "Onbekende gebruikersnaam of onjuist wachtwoord."
DISABLED = "Dit account is uitgeschakeld. Neem contact op met de projectleider."
EXPIRED_FORM = "Het formulier is verlopen. Probeer het opnieuw."


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url)
    error = None
    username = ""
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        password = request.form.get("password") or ""
        if not csrf_valid(request.form.get("csrf_token")):
            error = EXPIRED_FORM
        else:
            with write_session() as session:
                user = user_store.get_user(session, username) if username else None
                if user is None or not user_store.verify_password(user, password):
                    error = BAD_LOGIN
                    reason = "onbekende gebruiker" if user is None else "onjuist wachtwoord"
                    user_store.record_failed_login(session, username, reason)
                elif not user.active:
                    error = DISABLED
                    user_store.record_failed_login(session, username, "account uitgeschakeld")
                else:
                    user_store.record_login(session, user)
                    snapshot = CurrentUser.from_model(user, user_store.themes_of(session, user.id))
            if error is None:
                login_user(snapshot)
                usage.track("login")
                return redirect(next_url)
    status = 401 if error else 200
    return (
        render_template(
            "login.html", error=error, username=username, next_url=next_url, csrf_token=csrf_token()
        ),
        status,
    )


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    logout_user()
    return redirect("/login")
