"""Jurisdictions (辖区) and enterprises (企业): creating and editing them, by the operator commands,
the office pages and the enterprise import alike.

An enterprise's credit code is unique, and so is its name within its jurisdiction; a jurisdiction's
name is unique among its siblings. Field problems are found first; only a well-formed enterprise is
checked against the others.
"""
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..data import organisations as store
from ..data.models import Enterprise, Jurisdiction, User
from . import credit_code, setting_changes
from .access import jurisdiction_chain
from .errors import Conflict, Invalid

MAX_HEADCOUNT = 1_000_000
MAX_DEPARTMENTS = 50
MAX_NAME = 200
MAX_JURISDICTION_NAME = 100
DEFAULT_CONCERN_DAYS, MAX_CONCERN_DAYS = 7, 90  # days a union has to answer a worker's concern
_DEPARTMENT_SEPARATORS = re.compile("[、，,\n]")


@dataclass(frozen=True)
class EnterpriseDetails:
    """What an enterprise is: name, credit code, headcount (None when not a whole number), its
    jurisdiction and its departments."""

    name: str
    credit_code: str
    headcount: int | None
    jurisdiction_id: int | None
    departments: Sequence[str] = ()

    @classmethod
    def given(cls, name: str, code: str, headcount: int | None, jurisdiction_id: int | None,
              departments: Sequence[str] = ()) -> "EnterpriseDetails":
        return cls(name.strip(), credit_code.normalize(code), headcount, jurisdiction_id,
                   tuple(name.strip() for name in departments if name and name.strip()))


def _jurisdiction_problems(session: Session, name: str, parent_id: int | None, concern_days: int | str,
                           jurisdiction: Jurisdiction | None = None) -> dict[str, str]:
    if not isinstance(concern_days, int) or not 1 <= concern_days <= MAX_CONCERN_DAYS:
        return {"concern_days": "concern_days_range"}
    if not 1 <= len(name) <= MAX_JURISDICTION_NAME:
        return {"name": "jurisdiction_name_length"}
    if parent_id is not None and store.jurisdiction(session, parent_id) is None:
        return {"parent": "jurisdiction_required"}
    if jurisdiction is not None and jurisdiction.id in jurisdiction_chain(session, parent_id):
        return {"parent": "jurisdiction_cycle"}
    if store.jurisdiction_named(session, name, parent_id, other_than=jurisdiction):
        return {"name": "jurisdiction_name_taken"}
    return {}


def create_jurisdiction(session: Session, name: str, parent_id: int | None = None,
                        concern_days: int | str = DEFAULT_CONCERN_DAYS) -> Jurisdiction:
    """A jurisdiction; ``concern_days``: the days its enterprises' unions have to answer a worker's concern
    (a text that is no whole number is refused)."""
    name = name.strip()
    _refuse(_jurisdiction_problems(session, name, parent_id, concern_days))
    jurisdiction = Jurisdiction(name=name, parent_id=parent_id, concern_days=concern_days)
    session.add(jurisdiction)
    session.flush()
    return jurisdiction


def edit_jurisdiction(session: Session, user: User, jurisdiction: Jurisdiction, name: str, parent_id: int | None,
                      concern_days: int | str, now: datetime) -> None:
    """Rename a jurisdiction, move it under another parent (never under itself or its own subtree), or
    change its days to answer a concern (a setting: the change is recorded)."""
    name = name.strip()
    _refuse(_jurisdiction_problems(session, name, parent_id, concern_days, jurisdiction))
    if concern_days != jurisdiction.concern_days:
        setting_changes.record(session, user, "concern_days", jurisdiction.concern_days, concern_days, now,
                               jurisdiction_id=jurisdiction.id)
    jurisdiction.name, jurisdiction.parent_id, jurisdiction.concern_days = name, parent_id, concern_days
    session.flush()


def split_departments(text: str) -> list[str]:
    """Departments typed in one text: separated by 、 (or a comma, or one per line)."""
    return _DEPARTMENT_SEPARATORS.split(text or "")


def department_problem(departments: Sequence[str]) -> str | None:
    if (len(departments) > MAX_DEPARTMENTS or len(set(departments)) != len(departments)
            or any(len(name) > 100 for name in departments)):
        return "departments_invalid"
    return None


def field_problems(session: Session, details: EnterpriseDetails) -> dict[str, str]:
    """Field → message key for each badly given field."""
    errors = {}
    if not 1 <= len(details.name) <= MAX_NAME:
        errors["name"] = "name_length"
    problem = credit_code.problem(details.credit_code)
    if problem:
        errors["credit_code"] = problem
    if details.headcount is None or not 1 <= details.headcount <= MAX_HEADCOUNT:
        errors["headcount"] = "headcount_range"
    if store.jurisdiction(session, details.jurisdiction_id or 0) is None:
        errors["jurisdiction"] = "jurisdiction_required"
    if department_problem(details.departments):
        errors["departments"] = "departments_invalid"
    return errors


def conflict(session: Session, details: EnterpriseDetails, enterprise: Enterprise | None = None) -> str | None:
    """The message key when another enterprise has this credit code, or this name in the jurisdiction."""
    if store.credit_code_taken(session, details.credit_code, other_than=enterprise):
        return "credit_code_taken"
    if store.enterprise_named(session, details.name, details.jurisdiction_id, other_than=enterprise):
        return "enterprise_name_taken"
    return None


def _checked(session: Session, details: EnterpriseDetails, enterprise: Enterprise | None = None) -> None:
    _refuse(field_problems(session, details))
    taken = conflict(session, details, enterprise)
    if taken:
        raise Conflict(taken)


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise Invalid("invalid_input", errors=errors)


def create_enterprise(session: Session, name: str, code: str, headcount: int | None, jurisdiction_id: int | None,
                      departments: Sequence[str] = ()) -> Enterprise:
    return add_enterprise(session, EnterpriseDetails.given(name, code, headcount, jurisdiction_id, departments))


def add_enterprise(session: Session, details: EnterpriseDetails) -> Enterprise:
    _checked(session, details)
    enterprise = Enterprise(name=details.name, credit_code=details.credit_code, headcount=details.headcount,
                            jurisdiction_id=details.jurisdiction_id, departments=list(details.departments))
    session.add(enterprise)
    session.flush()
    return enterprise


def edit_enterprise(session: Session, enterprise: Enterprise, details: EnterpriseDetails) -> None:
    _checked(session, details, enterprise)
    enterprise.name, enterprise.credit_code, enterprise.jurisdiction_id = (
        details.name, details.credit_code, details.jurisdiction_id)
    _set_staffing(enterprise, details)
    session.flush()


def edit_staffing(session: Session, enterprise: Enterprise, headcount: int | None, departments: Sequence[str]) -> None:
    """Change only the headcount (职工人数) and the department list (部门)."""
    details = EnterpriseDetails.given(enterprise.name, enterprise.credit_code, headcount, enterprise.jurisdiction_id,
                                      departments)
    _refuse({field: key for field, key in field_problems(session, details).items()
             if field in ("headcount", "departments")})
    _set_staffing(enterprise, details)
    session.flush()


def _set_staffing(enterprise: Enterprise, details: EnterpriseDetails) -> None:
    enterprise.headcount, enterprise.departments = details.headcount, list(details.departments)
