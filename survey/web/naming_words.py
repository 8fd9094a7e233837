"""Naming in words and files, for the pages and the JSON API alike: the spot check against the
self-check in a sentence and as JSON, an objection as JSON, the certificate as a PDF."""
import io

from flask import current_app, g, url_for
from flask_login import current_user
from flask_babel import format_date, gettext as _
from flask_babel import lazy_gettext as _l

from ..data.enums import DeclarationState
from ..data.models import Declaration, Objection
from ..domain import access, naming, spot_survey
from ..domain.spot_check import Discrepancy
from ..extensions import db
from ..printing.certificate import CertificateText, render_certificate
from .common import local_time, public_base
from .downloads import pdf_download
from .presenters import decimal
from .statistics import p_words

OBJECTION_STATES = {"open": _l("open: not answered yet"), "answered": _l("answered")}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def discrepancy_words(found: Discrepancy) -> str:
    """The comparison in one plain sentence; the flag's direction only: the self-check higher."""
    figures = {"spot": _percent(found.spot_check), "own": _percent(found.self_check)}
    if found.reason == "questionnaire_changed":
        return _("The spot check asked other questions than the self-check, so the two are not compared.")
    if found.reason == "no_variance":
        return _("Every answer in both votes is alike, so no test can be made: the spot check says %(spot)s, the "
                 "self-check %(own)s.", **figures)
    if found.p_value is None:
        return _("Too few answers to compare the spot check (%(spot)s) with the self-check (%(own)s).", **figures)
    figures["p"] = p_words(found.p_value)
    if found.flagged:
        return _("The workers we asked were markedly less satisfied than the self-check says: %(spot)s vs %(own)s, %(p)s.",
                 **figures)
    return _("The spot check does not contradict the self-check: %(spot)s vs %(own)s (%(p)s, one-sided).", **figures)


def spot_check_json(declaration: Declaration) -> dict | None:
    """The declaration's ``spot_check`` once its survey is closed: composite rate, ballots, the one-sided
    p-value that the self-check is higher, the flag, and the sentence. None before, and always None for
    whoever may not see the survey (the enterprise's chair)."""
    survey = spot_survey.survey_of(db(), declaration)
    viewer = g.get("user") or current_user
    if survey is None or not access.can_see(db(), viewer, survey):
        return None
    found = spot_survey.discrepancy(db(), declaration)
    if found is None:
        return None
    return {"composite_rate": decimal(found.spot_check), "ballots": found.ballots, "p_value": decimal(found.p_value),
            "flagged": found.flagged, "vote": declaration.spot_check_campaign_id, "self_check_rate": decimal(found.self_check),
            "items_flagged": list(found.flagged_items), "reason": found.reason, "message": discrepancy_words(found)}


def objection_json(found: Objection, full: bool = False) -> dict:
    """What the tracking code shows: state, finding, day answered; ``full`` (the assessor) adds the text."""
    shown = {"state": found.state, "state_text": str(OBJECTION_STATES[found.state]), "finding": found.finding,
             "lodged_on": found.lodged_on.isoformat(),
             "answered_on": found.answered_on.isoformat() if found.answered_on else None}
    if full:
        shown |= {"id": found.id, "declaration_id": found.declaration_id, "text": found.text, "name": found.name,
                  "contact": found.contact}
    return shown


def named_on(declaration: Declaration):
    """The local day the declaration was named, from its history; None before."""
    moment = next((event.at for event in reversed(declaration.events) if event.to_state == DeclarationState.NAMED), None)
    return moment and local_time(moment).date()


def certificate_of(declaration: Declaration):
    """The named declaration's certificate, issued now if this is its first request (committed)."""
    found = naming.certificate(db(), declaration, named_on(declaration))
    db().commit()
    return found


def verify_url(number: str) -> str:
    return public_base() + url_for("public.certificate", number=number)


def certificate_response(declaration: Declaration):
    found = certificate_of(declaration)
    entry = naming.holder(db(), found)
    level = _("%(level)s-level", level=declaration.level)
    text = CertificateText(
        title=_("Certificate of Honour"), recipient=declaration.enterprise.name,
        citation=_("is named a harmonious labour-relations enterprise (%(level)s) of the year %(year)s. "
                   "This certificate is awarded in recognition.", level=level, year=entry.cycle.year),
        honour=_("%(level)s harmonious labour-relations enterprise", level=level),
        issuer=entry.issuer, issued=format_date(found.issued_on, "long"),
        number=_("Certificate no. %(number)s", number=found.number),
        verify_label=_("Scan the QR code to check this certificate"), verify_url=verify_url(found.number))
    out = io.BytesIO()
    render_certificate(out, text)
    return pdf_download(out.getvalue(), f"certificate-{found.number}.pdf")


def spot_check_title(declaration: Declaration) -> str:
    """The spot-check survey's title, as its pages and slips show it."""
    return _("Spot check %(year)s: %(enterprise)s", year=declaration.cycle.year, enterprise=declaration.enterprise.name)


def objection_limit() -> str:
    """How many objections one address may lodge (the page and the API alike), e.g. "5 per hour"."""
    return current_app.config["OBJECTION_RATE_LIMIT"]
