"""The mediation agreement (调解协议书) of a case, as the PDF the parties sign, for the API and the pages."""
import io

from flask import Response
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..data.models import MediationBody, MediationCase, Mediator
from ..extensions import db
from ..printing.mediation_agreement import AgreementText, render_agreement
from .downloads import pdf_download


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def agreement_pdf(case: MediationCase) -> Response:
    """The 调解协议书 of a case ended in an agreement, always in Chinese: it is what the parties sign."""
    body = db().get(MediationBody, case.body_id)
    mediator = db().get(Mediator, case.mediator_id)
    with force_locale("zh"):
        number = str(_l("No. %(body)s (%(year)s) %(number)s", body=body.name, year=case.received_on.year,
                        number=case.id))
        text = AgreementText(
            title=str(_l("Mediation agreement")), number=number,
            sections=((str(_l("Worker's side")), case.worker_party), (str(_l("Employer's side")), case.employer_party),
                      (str(_l("The claim")), case.claim), (str(_l("The terms agreed")), case.terms or "")),
            closing=str(_l("Received on %(received)s and mediated by %(mediator)s, both sides agreed to the terms "
                           "above of their own free will. The agreement takes effect once both sides have signed "
                           "it; each side and the mediation body keep one copy.",
                           received=_day(case.received_on), mediator=mediator.name)),
            signatures=(str(_l("Worker's side (signature):")), str(_l("Employer's side (signature or seal):")),
                        str(_l("Mediator (signature):"))),
            body=str(_l("%(body)s (seal)", body=body.name)), day=_day(case.closed_on), footer=number)
    out = io.BytesIO()
    render_agreement(out, text)
    return pdf_download(out.getvalue(), f"{text.title}-{case.id}.pdf", f"mediation-agreement-{case.id}.pdf")
