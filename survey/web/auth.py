"""Staff sign-in (Flask-Login sessions, throttled); API keys are ``api_keys``."""
from datetime import timedelta

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..data.models import User
from ..domain import accounts
from ..extensions import db, limiter
from ..messages import message
from .common import utcnow

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=200)])


def load_user(session_id: str) -> User | None:
    """The user of a session id "id:version"; None once the user's session version has moved on."""
    user_id, _sep, version = session_id.partition(":")
    user = db().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user and user.active and version == str(user.session_version) else None


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _backoff() -> accounts.Backoff:
    config = current_app.config
    return accounts.Backoff(config["LOGIN_FAILURE_LIMIT"], timedelta(seconds=config["LOGIN_BACKOFF_SECONDS"]),
                            timedelta(seconds=config["LOGIN_BACKOFF_MAX_SECONDS"]))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message=lambda: message("too_many"))
def login():
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        username, now = form.username.data, utcnow()
        failures = accounts.count_attempt(db(), username, now, _backoff())
        db().commit()  # counted before the password is checked, on every node at once
        try:
            user = accounts.authenticate(db(), username, form.password.data, failures, now)
        except accounts.SignInBlocked as blocked:  # shown on the form, not on an error page
            error, status = message(blocked.key, **blocked.details), blocked.status
        else:
            db().commit()
            if user:
                login_user(user)
                return redirect(url_for("assessor.dashboard"))
            error, status = message("login_failed"), 401
    elif request.method == "POST":
        error, status = message("login_failed"), 401
    return render_template("login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        accounts.end_sessions(db(), current_user)
        db().commit()
    logout_user()
    return redirect(url_for("auth.login"))
