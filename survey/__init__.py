"""Harmony: anonymous satisfaction votes and workers' congress ballots for trade unions."""
import logging
import secrets
from pathlib import Path

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .data.db import make_engine, make_session_factory
from .extensions import SignedSessions, babel, babel_locale, csrf, limiter, login_manager, select_locale

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: object | None = None, **overrides) -> Flask:
    """The application factory: one app per configuration, extensions bound here."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.config.from_object(config or "config.Config")
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _ensure_secret_key(app)
    _trust_proxies(app)
    _secure_cookies(app)
    app.session_interface = SignedSessions()
    engine = make_engine(app.config["DATABASE_URL"])
    sessions = make_session_factory(engine)
    app.extensions["harmony.engine"] = engine
    app.extensions["harmony.sessions"] = sessions
    app.teardown_appcontext(lambda _exc: app.extensions["harmony.sessions"].remove())

    babel.init_app(app, locale_selector=babel_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    _remember_cookie_on_sign_in_only(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    _limit_in_views_only(app)

    from .web import register
    register(app)
    from .cli import register_commands
    register_commands(app)

    @app.before_request
    def _remember_language():
        if "lang" in request.args:  # a switch is remembered even by a page that shows no words
            g.lang = select_locale()

    return app


def _limit_in_views_only(app: Flask) -> None:
    """Only three views are rate-limited, and their decorators check there: the limiter's own hooks,
    made for app-wide limits, would run on every request (the ballot hot path above all) for nothing.
    Its teardown only resets the state it keeps on the request's context, which ends with the request."""
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    app.after_request_funcs[None] = [hook for hook in app.after_request_funcs[None]
                                     if getattr(hook, "args", ()) != (limiter,)]
    app.teardown_request_funcs[None] = [hook for hook in app.teardown_request_funcs[None]
                                        if getattr(hook, "__self__", None) is not limiter]


def _remember_cookie_on_sign_in_only(app: Flask) -> None:
    """Flask-Login's remember-me hook acts only when signing in with remember-me (Harmony never does) or
    signing out with a remember-me cookie: it runs on the sign-in pages, not on every request."""
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
    app.after_request_funcs["auth"].append(login_manager._update_remember_cookie)


def _trust_proxies(app: Flask) -> None:
    """The client address from X-Forwarded-For only through the configured proxies (the limiter keys on it)."""
    if app.config.get("PROXY_COUNT"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_COUNT"]), x_proto=0, x_host=0)


def _secure_cookies(app: Flask) -> None:
    """Unless set explicitly, the session cookie travels over https only when the public address is https."""
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config.get("PUBLIC_BASE_URL", "").startswith("https://")


def _ensure_secret_key(app: Flask) -> None:
    """Without SECRET_KEY, keep a random one in instance/secret_key so restarts keep sessions."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()
    logging.getLogger(__name__).info("using the secret key kept in %s", path)
