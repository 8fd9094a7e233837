"""A named enterprise for the tests of dynamic management: 甲 named A in the east district's cycle of this
year, as the assessor names it."""
from datetime import datetime

import pytest

from naming_support import declaration
from survey.data.enums import DeclarationState
from survey.data.models import Declaration, User
from survey.domain import declarations
from survey.web.common import local_today


def today(app):
    with app.test_request_context():
        return local_today()


@pytest.fixture
def named(app, api, world, session):
    """甲 named A in the east district's cycle of this year, as the assessor names it; the enterprise's id."""
    found = session.get(Declaration, declaration(api, world, session, DeclarationState.ON_NOTICE,
                                                 notice_ends=today(app)))
    assessor = session.query(User).filter_by(username="assessor_east").one()
    declarations.name(session, assessor, found, today(app), datetime(2026, 12, 1))
    session.commit()
    return world.a
