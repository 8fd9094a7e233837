"""Web layer: one blueprint per audience, error pages and JSON errors, security headers."""
from flask import Flask, jsonify, render_template, request, send_from_directory
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..data.enums import (AgendaKind, ConcernClosure, ConcernEntryKind, ConcernState, CountingMethod, DeclarationState,
                          ItemKind, Role, TitleState, WarningCaseState)
from ..domain.errors import HarmonyError
from ..extensions import csrf, current_language, db, login_manager
from . import redact, schemas
from .common import localized
from ..messages import (CHECK_METHODS, CONCERN_CATEGORIES, CONCERN_CLOSURES, CONCERN_ENTRIES, CONCERN_STATES,
                        MEDIATION_LEVELS, MEDIATION_STATES, REASONS, REVOKING_EVENTS, STATES, TITLE_STATES,
                        TURNOUT_FLOORS, WARNING_INDICATORS, WARNING_LEVELS, field_errors, message, translated,
                        verdict_text)

STATUS_KEYS = {400: "invalid_input", 401: "unauthorized", 405: "method_not_allowed", 403: "forbidden", 404: "not_found",
               413: "too_large", 429: "too_many"}


def register(app: Flask) -> None:
    from . import (api, api_assessment, api_concerns, api_congress, api_jobs, api_mediation, api_naming, api_titles,
                   api_warnings, assessor, auth, ballot, chair, concern_cases, concerns, congress, hall, jobs,
                   mediation_pages, office, public, sealed, verify, warning_pages)

    app.url_map.converters["int"] = schemas.IdConverter
    for blueprint in (auth.bp, ballot.bp, chair.bp, congress.bp, hall.bp, office.bp, sealed.bp, assessor.bp, verify.bp,
                      public.bp, api.bp, api_congress.bp, api_assessment.bp, api_naming.bp, assessor.api_bp,
                      concerns.bp, concern_cases.bp, api_concerns.bp, api_warnings.bp, warning_pages.bp, api_mediation.bp,
                      mediation_pages.bp, api_titles.bp, jobs.bp, api_jobs.bp):
        app.register_blueprint(blueprint)
    for blueprint in (api.bp, api_congress.bp, api_assessment.bp, api_naming.bp, api_concerns.bp, api_warnings.bp,
                      api_mediation.bp, api_titles.bp, api_jobs.bp):
        csrf.exempt(blueprint)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.user_loader(auth.load_user)
    redact.install(app.logger.name, "werkzeug", "gunicorn.error", "gunicorn.access")
    app.wsgi_app = redact.route_any_case(app.wsgi_app)
    app.register_error_handler(HarmonyError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.add_url_rule("/favicon.ico", "favicon", lambda: send_from_directory(
        app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400))
    app.before_request(schemas.storable_form)
    app.after_request(_security_headers)
    app.context_processor(_template_globals)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, key: str, **details):
    body = {"error": key, "message": message(key, **details)}
    if "errors" in details:
        body["errors"] = field_errors(details["errors"], **details)
    return jsonify(body), status


def _error_page(status: int, text: str):
    return render_template("error.html", status=status, text=text), status


def _csrf_error(_error: CSRFError):
    """A lost session: a ballot form is shown again filled in (never an error page); anything else is refused."""
    from . import ballot
    if request.endpoint in ballot.FORMS_KEPT:
        return ballot.lost_session()
    return _error_page(400, message("csrf"))


def _domain_error(error: HarmonyError):
    db().rollback()
    if wants_json():
        return json_error(error.status, error.key, **error.details)
    return _error_page(error.status, message(error.key, **error.details))


def _http_error(error: HTTPException):
    key = STATUS_KEYS.get(error.code, "not_found")
    if wants_json():
        return json_error(error.code or 500, key)
    return _error_page(error.code or 500, message(key))


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    db().rollback()
    from flask import current_app
    where = request.endpoint if on_worker_path() else request.path  # a route, never a code
    current_app.logger.exception("unexpected error on %s %s", request.method, where)
    if wants_json():
        return json_error(500, "server_error")
    return _error_page(500, message("server_error"))


# The vote link carries the code: never send it on as a Referer; load nothing from elsewhere.
SECURITY_HEADERS = (("Referrer-Policy", "no-referrer"), ("X-Content-Type-Options", "nosniff"),
                    ("X-Frame-Options", "DENY"),
                    ("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'"))
_SECURITY_NAMES = tuple(name.lower() for name, _value in SECURITY_HEADERS)


def on_worker_path() -> bool:
    """Whether the request is on a worker path (decided once, by ``redact.route_any_case``)."""
    found = request.environ.get(redact.ON_WORKER_PATH)
    return redact.is_worker_path(request.path) if found is None else found


def _security_headers(response):
    """The security headers a view did not set (one pass over the response's headers)."""
    headers = response.headers
    present = {name.lower() for name, _value in headers}
    for header, name in zip(SECURITY_HEADERS, _SECURITY_NAMES):
        if name not in present:
            headers.add(*header)
    if on_worker_path():  # a ballot, a receipt, a tracking code: kept by no cache
        headers["Cache-Control"] = "no-store"
    return response


# The tables of words every template may show, by the names the templates use.
TEMPLATE_TABLES = {"turnout_floors": TURNOUT_FLOORS, "concern_categories": CONCERN_CATEGORIES,
                   "concern_states": CONCERN_STATES, "concern_closures": CONCERN_CLOSURES,
                   "concern_entries": CONCERN_ENTRIES, "warning_levels": WARNING_LEVELS,
                   "warning_indicators": WARNING_INDICATORS, "mediation_levels": MEDIATION_LEVELS,
                   "mediation_states": MEDIATION_STATES, "title_states": TITLE_STATES, "check_methods": CHECK_METHODS,
                   "revoking_events": REVOKING_EVENTS}


def _template_globals():
    return {"localized": localized, "lang": current_language(), "current_user": current_user,
            "state_name": lambda s: str(STATES.get(s, s)), "reason_text": reason_text, "_": _,
            "verdict_text": verdict_text,
            "ItemKind": ItemKind, "AgendaKind": AgendaKind, "CountingMethod": CountingMethod, "Role": Role,
            "DeclarationState": DeclarationState, "TitleState": TitleState, "ConcernClosure": ConcernClosure,
            "ConcernState": ConcernState, "ConcernEntryKind": ConcernEntryKind, "WarningCaseState": WarningCaseState,
            **translated(TEMPLATE_TABLES)}


def reason_text(reason: str, item_names: dict[str, str], method: str = CountingMethod.RATE) -> str:
    kind, _sep, key = reason.partition(":")
    if method == CountingMethod.SCORE and f"{kind}_score" in REASONS:
        kind = f"{kind}_score"
    if not key:
        return str(REASONS[kind])
    return str(REASONS[kind]) % {"item": item_names.get(key, key), "rule": str(TURNOUT_FLOORS.get(key, key))}
