"""Flask extensions, created once and bound to the app in the factory."""
from functools import cache

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy.orm import Session

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# The only views limited, by their decorators: sign-in, and lodging an objection (page and API).
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class SignedSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, their serializer built once per secret key (Flask builds it twice
    a request, a fifth of a ballot's cast on the web side), no cookie header parsed when there is none."""

    _kept: tuple = (None, None)

    def open_session(self, app: Flask, request):
        """A request without any cookie (an API client, a first visit) opens a new session at once."""
        if "HTTP_COOKIE" in request.environ or self.get_signing_serializer(app) is None:
            return super().open_session(app, request)
        return self.session_class()

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._kept[0] != keys:
            self._kept = (keys, super().get_signing_serializer(app))
        return self._kept[1]


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
    """The page's language, chosen once per request (on first use: most API calls never need it)."""
    if "lang" not in g:
        g.lang = select_locale()
    return g.lang


_parsed_locale = cache(Locale.parse)


def babel_locale() -> Locale:
    """Flask-Babel's locale selector: the page's language (``current_language``), parsed once per process."""
    return _parsed_locale(current_language())
