"""Jurisdictions (辖区) and enterprises (企业)."""
from sqlalchemy.orm import Session

from ..data import organisations as store
from ..data.models import Enterprise, Jurisdiction
from . import credit_code
from .errors import Conflict, Invalid

MAX_HEADCOUNT = 1_000_000
MAX_DEPARTMENTS = 50


def create_jurisdiction(session: Session, name: str, parent_id: int | None = None) -> Jurisdiction:
    if not 1 <= len(name.strip()) <= 100:
        raise Invalid("invalid_input", errors={"name": "name_length"})
    if parent_id is not None and store.jurisdiction(session, parent_id) is None:
        raise Invalid("invalid_input", errors={"parent": "jurisdiction_required"})
    jurisdiction = Jurisdiction(name=name.strip(), parent_id=parent_id)
    session.add(jurisdiction)
    session.flush()
    return jurisdiction


def clean_departments(departments: list[str]) -> list[str]:
    names = [name.strip() for name in departments if name and name.strip()]
    if len(names) > MAX_DEPARTMENTS or len(set(names)) != len(names) or any(len(n) > 100 for n in names):
        raise Invalid("invalid_input", errors={"departments": "departments_invalid"})
    return names


def create_enterprise(session: Session, name: str, code: str, headcount: int, jurisdiction_id: int,
                      departments: list[str] | None = None) -> Enterprise:
    code = credit_code.normalize(code)
    errors = {}
    if not 1 <= len(name.strip()) <= 200:
        errors["name"] = "name_length"
    problem = credit_code.problem(code)
    if problem:
        errors["credit_code"] = problem
    if not 1 <= headcount <= MAX_HEADCOUNT:
        errors["headcount"] = "headcount_range"
    if store.jurisdiction(session, jurisdiction_id) is None:
        errors["jurisdiction"] = "jurisdiction_required"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    if store.credit_code_taken(session, code):
        raise Conflict("credit_code_taken")
    enterprise = Enterprise(name=name.strip(), credit_code=code, headcount=headcount,
                            jurisdiction_id=jurisdiction_id, departments=clean_departments(departments or []))
    session.add(enterprise)
    session.flush()
    return enterprise
