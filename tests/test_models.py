"""The models package: every model importable from one place, and the secrecy tables as migrated."""
import pytest
from sqlalchemy import text

from survey.data import enums, models
from survey.data.db import make_engine
from survey.data.models import Base, SecretBallot, SecretRow

SECRET_TABLES = {"ballot", "answer", "motion_ballot", "election_ballot", "election_choice", "objection", "concern",
                 "concern_entry"}


def test_every_model_is_exported_by_the_package():
    mapped = {mapper.class_ for mapper in Base.registry.mappers}
    assert mapped == {getattr(models, name) for name in models.__all__} - {Base, SecretBallot, SecretRow}


def test_the_secrecy_tables_are_exactly_the_secret_rows():
    secret = {mapper.local_table.name for mapper in Base.registry.mappers if issubclass(mapper.class_, SecretRow)}
    assert secret == SECRET_TABLES
    assert all(not Base.metadata.tables[name].dialect_options["sqlite"]["with_rowid"] for name in secret)


def test_secret_ballot_keys_are_128_random_bits_in_hex():
    keys = {SecretBallot.new_key() for _ in range(100)}
    assert len(keys) == 100 and all(len(key) == 32 and int(key, 16) >= 0 for key in keys)


def test_migrated_sqlite_tables_have_no_rowid_exactly_where_the_models_say(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("WITHOUT ROWID is SQLite's")
    engine = make_engine(database_url)
    with engine.connect() as connection:
        created = dict(connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
    engine.dispose()
    without_rowid = {name for name, sql in created.items() if "WITHOUT ROWID" in sql}
    assert without_rowid == SECRET_TABLES


def test_enum_members_are_the_strings_already_stored():
    stored = {
        enums.CampaignState: ["draft", "open", "sealing", "closed"], enums.CongressState: ["draft", "open", "closed"],
        enums.AgendaItemState: ["draft", "open", "closed"], enums.ItemKind: ["scored", "text", "department", "profile"],
        enums.ElectorateSource: ["headcount", "given", "congress"], enums.CountingMethod: ["rate", "score"],
        enums.Role: ["admin", "assessor", "chair"], enums.AgendaKind: ["motion", "election"],
        enums.DelegateCategory: ["frontline", "technical", "management", "other"],
        enums.ObjectionState: ["open", "answered"],
        enums.DeclarationState: ["draft", "submitted", "under_assessment", "assessed", "in_review", "on_notice",
                                 "named", "returned", "disqualified", "withdrawn"],
        enums.Level: ["A", "AA", "AAA"],
    }
    for enum, values in stored.items():
        assert list(enum) == values and all(enum(value) == value for value in values)
