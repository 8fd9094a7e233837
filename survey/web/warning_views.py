"""The early-warning watch in JSON, for the API and the board page: reports, cases, the board, and what
the webhook receives."""
from datetime import date

from ..data.enums import WarningCaseState
from ..data.models import Enterprise, WarningCase, WarningReport
from ..domain import concerns, mediation, warnings
from ..extensions import db
from .mediation_views import link_json


def case_json(case: WarningCase, today: date) -> dict:
    return {"id": case.id, "report_id": case.report_id, "enterprise_id": case.report.enterprise_id,
            "level": case.report.level, "event": case.report.event, "state": case.state, "owner_id": case.owner_id,
            "due_on": case.due_on.isoformat(), "overdue": case.state == WarningCaseState.OPEN and today > case.due_on,
            "actions": case.actions, "closed_on": case.closed_on and case.closed_on.isoformat(),
            "reported_on": case.report.reported_on.isoformat(), "narrative": case.report.narrative,
            "mediation": link_json(mediation.referral_of_warning_case(db(), case))}


def report_json(report: WarningReport) -> dict:
    return {"id": report.id, "enterprise_id": report.enterprise_id, "period": report.period, "event": report.event,
            "level": report.level, "indicators": report.indicators, "signals": report.signals,
            "narrative": report.narrative, "reported_on": report.reported_on.isoformat(),
            "case": None if report.case is None else {"id": report.case.id, "due_on": report.case.due_on.isoformat()}}


def board_json(board: warnings.Board, today: date) -> dict:
    return {
        "points": [{"enterprise_id": s.point.enterprise_id, "enterprise": board.names[s.point.enterprise_id],
                    "liaison_id": s.point.liaison_id, "level": s.level,
                    "history": [{"reported_on": day.isoformat(), "level": level} for day, level in s.history],
                    "overdue_reports": list(s.overdue)} for s in board.points],
        "cases": [{**case_json(c, today), "enterprise": board.names[c.report.enterprise_id]} for c in board.cases],
        "overdue_reports": [{"enterprise_id": s.point.enterprise_id, "period": period}
                            for s in board.points for period in s.overdue],
    }


def concern_statistics_json(found: concerns.Statistics) -> dict:
    def counts(c: concerns.Counts) -> dict:
        return {"received": c.received, "answered": c.answered, "answered_in_time": c.in_time, "closed": c.closed,
                "solved": c.solved, "in_time_share": c.in_time_share, "solved_share": c.solved_share}
    return {**counts(found.total), "overdue": found.overdue,
            "by_category": [{"category": key, **counts(c)} for key, c in found.by_category.items()],
            "by_enterprise": [{"enterprise_id": key, **counts(c)} for key, c in found.by_enterprise.items()]}


def webhook_payload(report: WarningReport, enterprise: Enterprise) -> dict:
    return {"kind": "harmony.warning", "enterprise": {"id": enterprise.id, "name": enterprise.name,
                                                     "credit_code": enterprise.credit_code},
            **report_json(report)}
