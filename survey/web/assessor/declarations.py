"""The declaration's pages (申报): the chair declares from the enterprise page, self-scores, uploads evidence
and submits; the assessor assesses (documents, forum, scores with notes) and moves it on with reasons.
One page for both, showing each what they may do now."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required

from ...data import declarations as store
from ...data.models import Campaign, Declaration
from ...domain import assessing, declarations, scoring
from ...domain.congress import CATEGORIES, category_labels
from ...domain.errors import Invalid
from ...extensions import db
from ..assessment_common import (MOVES, cycle_for, declaration_for, declaration_json, evidence_dir,
                                 evidence_download)
from ..assessment_forms import attendees, day_field, score_sheet
from ..changes import commit_change, refusal
from ..confirm import confirmation
from ..common import enterprise_for, local_today, local_zone, utcnow
from ..enterprise_page import enterprise_page
from ..schemas import form_id
from ...messages import STATES
from . import bp

MOVE_LABELS = {"submit": _l("Submit"), "withdraw": _l("Withdraw the declaration"), "return": _l("Return to the enterprise"),
               "assess": _l("Begin the assessment"), "disqualify": _l("Disqualify"),
               "conclude": _l("Conclude the assessment"), "review": _l("Put on the leading group's list"),
               "notice": _l("Start the public notice"), "name": _l("Name the enterprise")}


@bp.post("/enterprises/<int:enterprise_id>/declarations")
@login_required
def create_declaration(enterprise_id: int):
    enterprise = enterprise_for(current_user, enterprise_id, manage=True)

    def create():
        cycle_id, vote_id = (request.form.get(name, type=form_id) for name in ("cycle", "vote"))
        if cycle_id is None:
            raise Invalid("invalid_input", errors={"cycle": "declaration_cycle_choice"})
        return declarations.create(db(), current_user, enterprise, cycle_for(current_user, cycle_id),
                                   request.form.get("level", ""), db().get(Campaign, vote_id) if vote_id else None,
                                   utcnow(), local_zone())

    return commit_change(create, lambda error: enterprise_page(enterprise, declaration_errors=refusal(error),
                                                               status=error.status),
                         lambda made: redirect(url_for("assessor.declaration", declaration_id=made.id)))


@bp.route("/declarations/<int:declaration_id>")
@login_required
def declaration(declaration_id: int, errors: dict | None = None, status: int = 200):
    found = declaration_for(current_user, declaration_id)
    session = db()
    scheme = scoring.applying(found.cycle.criteria, found.level)
    scores = store.scores_of(session, found.id)
    editable = found.state in assessing.CHAIR_EDITS and declarations.is_chair(current_user, found)
    assessing_now = found.state == declarations.State.UNDER_ASSESSMENT \
        and declarations.is_assessor(session, current_user, found)
    return render_template(
        "assessor/declaration.html", declaration=found, shown=declaration_json(found), scheme=scheme, scores=scores,
        editable=editable, assessing=assessing_now, moves=declarations.moves_for(session, current_user, found),
        move_labels=MOVE_LABELS, needs_reason=declarations.NEEDS_REASON,
        evidence=store.evidence_of(session, found.id), categories=CATEGORIES, category_labels=category_labels(_l),
        today=local_today(), errors=errors or {}, form=request.form), status


def _change(declaration_id: int, operation, text: str):
    """Run a change of the declaration and come back to its page; a refusal shows the page with it."""
    def answer(_result):
        flash(text)
        return redirect(url_for("assessor.declaration", declaration_id=declaration_id))
    return commit_change(operation, lambda error: declaration(declaration_id, refusal(error), error.status), answer)


@bp.post("/declarations/<int:declaration_id>/scores")
@login_required
def set_scores(declaration_id: int):
    found = declaration_for(current_user, declaration_id)
    scores, notes = score_sheet(request.form, scoring.applying(found.cycle.criteria, found.level))
    return _change(declaration_id, lambda: assessing.set_scores(db(), current_user, found, scores, notes),
                   _("Scores saved."))


@bp.post("/declarations/<int:declaration_id>/evidence")
@login_required
def add_evidence(declaration_id: int):
    found = declaration_for(current_user, declaration_id)
    upload = request.files.get("file")

    def add():
        if upload is None or not upload.filename:
            raise Invalid("invalid_input", errors={"file": "evidence_type"})
        return assessing.add_evidence(db(), current_user, found, request.form.get("criterion", ""), upload.filename,
                                      upload.read(), evidence_dir(), current_app.config["EVIDENCE_MAX_BYTES"], utcnow())
    return _change(declaration_id, add, _("Evidence file added."))


@bp.route("/declarations/<int:declaration_id>/evidence/<int:evidence_id>")
@login_required
def evidence_file(declaration_id: int, evidence_id: int):
    return evidence_download(current_user, declaration_for(current_user, declaration_id), evidence_id)


@bp.post("/declarations/<int:declaration_id>/evidence/<int:evidence_id>/remove")
@login_required
def remove_evidence(declaration_id: int, evidence_id: int):
    found = declaration_for(current_user, declaration_id)
    return _change(declaration_id, lambda: assessing.remove_evidence(
        db(), current_user, found, assessing.evidence_for(db(), current_user, found, evidence_id)),
        _("Evidence file removed."))


@bp.post("/declarations/<int:declaration_id>/documents")
@login_required
def check_documents(declaration_id: int):
    found = declaration_for(current_user, declaration_id)
    return _change(declaration_id, lambda: assessing.check_documents(
        db(), current_user, found, request.form.get("documents", ""), request.form.get("finding", ""), local_today()),
        _("Documents recorded."))


@bp.post("/declarations/<int:declaration_id>/forums")
@login_required
def hold_forum(declaration_id: int):
    found = declaration_for(current_user, declaration_id)
    return _change(declaration_id, lambda: assessing.hold_forum(
        db(), current_user, found, day_field(request.form, "held_on"), request.form.get("place", ""),
        attendees(request.form, CATEGORIES), request.form.get("issues", "")), _("Forum recorded."))


# The moves that end a declaration, asked first on a confirmation page: the question and what follows.
FINAL = {
    "withdraw": (_l("Withdraw the declaration?"),
                 _l("A withdrawn declaration cannot be submitted again, and the enterprise cannot declare again in this cycle.")),
    "disqualify": (_l("Disqualify the declaration?"),
                   _l("A disqualified declaration ends here; the enterprise reads the reason in its history.")),
    "name": (_l("Name the enterprise?"), _l("The enterprise holds the level from now on; naming cannot be undone.")),
}


@bp.post("/declarations/<int:declaration_id>/<any(submit, withdraw, return, assess, disqualify, conclude, review, "
         "notice, name):move>")
@login_required
def move_declaration(declaration_id: int, move: str):
    """One move; a final one (withdraw, disqualify, name) only once confirmed on the page it asks first."""
    found = declaration_for(current_user, declaration_id)
    note = request.form.get("note", "")
    if move in FINAL and request.form.get("confirmed") != "1":
        question, consequence = FINAL[move]
        here = url_for("assessor.declaration", declaration_id=declaration_id)
        return confirmation(str(question), [str(consequence)] + ([note] if note.strip() else []),
                            url_for("assessor.move_declaration", declaration_id=declaration_id, move=move),
                            str(MOVE_LABELS[move]), here, {"note": note, "confirmed": "1"})
    return commit_change(lambda: MOVES[move](current_user, found, note),
                         lambda error: declaration(declaration_id, refusal(error), error.status), _moved)


def _moved(moved: Declaration):
    flash(_("Done: the declaration is now %(state)s.", state=STATES.get(moved.state, moved.state)))
    return redirect(url_for("assessor.declaration", declaration_id=moved.id))
