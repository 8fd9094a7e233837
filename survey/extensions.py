"""Flask extensions, created once and bound to the app in the factory."""
from flask import current_app, g, has_request_context, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
# The only endpoints limited: sign-in, and lodging an objection (page and API).
LIMITED = frozenset({"auth.login", "public.lodge", "api_naming.lodge_objection"})


@limiter.request_filter
def _not_limited() -> bool:
    """Only the LIMITED endpoints are checked; every other request (the ballot hot path above all) skips it."""
    return request.endpoint not in LIMITED


def db() -> Session:
    """The request's database session (a scoped session, removed at the end of each request)."""
    return current_app.extensions["harmony.sessions"]()


def select_locale() -> str:
    """?lang= switches and is remembered in the session; Simplified Chinese otherwise."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return languages[0]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
    return session.get("lang") if session.get("lang") in languages else languages[0]


def current_language() -> str:
    return g.get("lang") or select_locale()
