"""A generated jurisdiction for the board's tests and bench: a city of districts with a town each, its
enterprises with sealed self-checks (some of fewer than 5 ballots), spot-check surveys, and titles in
every state. Seals are written directly with realistic summaries — the board reads only seals."""
import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, insert, select, text

from survey.data.models import (Campaign, Cycle, Declaration, Enterprise, Jurisdiction, Questionnaire, Seal,
                                Title)

ITEMS = ("contracts", "wages", "insurance", "hours", "safety", "democracy", "collective", "overall")
STATES = ("named", "named", "yellow_card", "delisted", "revoked")
RANK = {"A": 1, "AA": 2, "AAA": 3}


@dataclass
class Made:
    id: int
    jurisdiction: int
    district: int | None  # the district it lies in (itself or its town), None for the city's own
    cast: int = 0
    composite: Decimal | None = None  # %
    spot: Decimal | None = None
    items: dict[str, Decimal] = field(default_factory=dict)
    titles: list[tuple[str, str, date | None]] = field(default_factory=list)  # (level, state, deadline)

    def level(self) -> str | None:
        standing = [level for level, state, _deadline in self.titles if state in ("named", "yellow_card")]
        return max(standing, key=RANK.get, default=None)


@dataclass
class City:
    root: int
    districts: list[int]
    enterprises: list[Made]


def _next_id(session, model) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _decimal(value: Fraction) -> str:
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.000001")))


def _summary(rng: random.Random, cast: int, electorate: int) -> tuple[dict, Fraction]:
    items, weighted, counts = [], Fraction(0), {}
    for key in ITEMS:
        satisfied = sum(rng.random() < 0.85 for _ in range(min(cast, 60))) * cast // max(min(cast, 60), 1)
        value = Fraction(satisfied, cast) if cast else None
        items.append({"key": key, "weight": 1, "answered": cast, "satisfied": satisfied,
                      "value": None if value is None else f"{value.numerator}/{value.denominator}",
                      "value_decimal": None if value is None else _decimal(value), "floor": None, "veto": None,
                      "meets_floor": True, "passes_veto": True})
        weighted += value or 0
        fairly = (cast - satisfied) // 2
        counts[key] = {"satisfied": satisfied - fairly // 2, "fairly": fairly + fairly // 2,
                       "dissatisfied": cast - satisfied - fairly}
    composite = weighted / len(ITEMS)
    return {"method": "rate", "cast": cast, "valid": cast, "electorate": electorate,
            "turnout": _decimal(Fraction(cast, electorate)),
            "composite": f"{composite.numerator}/{composite.denominator}",
            "composite_decimal": _decimal(composite), "threshold": "4/5", "threshold_decimal": "0.8",
            "qualified": composite >= Fraction(4, 5), "reasons": [], "items": items, "counts": counts}, composite


def build_city(session, today: date, districts: int = 3, enterprises: int = 60, seed: int = 11,
               small_share: float = 0.1, largest: int = 1000) -> City:
    rng = random.Random(seed)
    jid = _next_id(session, Jurisdiction)
    root = jid
    rows = [{"id": root, "name": "生成市总工会", "parent_id": None}]
    district_ids, towns = [], {}
    for n in range(districts):
        district, town = jid + 1 + 2 * n, jid + 2 + 2 * n
        rows += [{"id": district, "name": f"生成区{n}", "parent_id": root},
                 {"id": town, "name": f"生成街道{n}", "parent_id": district}]
        district_ids.append(district)
        towns[district] = town
    session.execute(insert(Jurisdiction), rows)
    cycle_id = _next_id(session, Cycle)
    cycles = {root: cycle_id} | {d: cycle_id + 1 + n for n, d in enumerate(district_ids)}
    session.execute(insert(Cycle), [{"id": cid, "jurisdiction_id": j, "year": today.year, "notice_days": 7,
                                     "min_scores": {}, "example_scheme": True} for j, cid in cycles.items()])
    first_e, first_c = _next_id(session, Enterprise), _next_id(session, Campaign)
    first_q, first_d = _next_id(session, Questionnaire), _next_id(session, Declaration)
    made, e_rows, q_rows, c_rows, s_rows, d_rows, t_rows = [], [], [], [], [], [], []
    closed = datetime(today.year, today.month, today.day)
    for n in range(enterprises):
        district = rng.choice(district_ids + [None])
        jurisdiction = root if district is None else rng.choice((district, towns[district]))
        e = Made(first_e + n, jurisdiction, district)
        e_rows.append({"id": e.id, "name": f"生成企业{n:05d}", "credit_code": f"G{e.id:017d}", "headcount": 500,
                       "jurisdiction_id": jurisdiction, "departments": []})
        made.append(e)
        for spot in (False, True):
            if (spot and rng.random() > 0.3) or (not spot and rng.random() > 0.9):
                continue
            cast = rng.randint(1, 4) if rng.random() < small_share else rng.randint(5, largest)
            summary, composite = _summary(rng, cast, cast + rng.randint(0, cast // 4 + 1))
            campaign = first_c + len(c_rows)
            q_rows.append({"id": first_q + len(q_rows), "title_zh": "测评", "title_en": "Vote", "scale": 3})
            c_rows.append({"id": campaign, "enterprise_id": e.id, "questionnaire_id": q_rows[-1]["id"], "title": "测评",
                           "state": "closed", "electorate": summary["electorate"], "closed_at": closed,
                           "run_by_jurisdiction_id": (district or root) if spot else None})
            s_rows.append({"campaign_id": campaign, "sha256": hashlib.sha256(f"{seed}-{campaign}".encode()).hexdigest(),
                           "size": 0, "settings": {}, "summary": summary, "statistics": None})
            percent = Decimal(summary["composite_decimal"]) * 100
            if spot:
                e.spot = percent
            else:
                e.cast, e.composite = cast, percent
                e.items = {item["key"]: Decimal(item["value_decimal"]) * 100 for item in summary["items"]}
                self_check = (campaign, s_rows[-1]["sha256"])
        if e.composite is None:
            continue
        namers = [root] + ([district] if district is not None and rng.random() < 0.3 else [])
        for namer in namers if rng.random() < 0.6 else []:
            level, state = rng.choice(tuple(RANK)), rng.choice(STATES)
            deadline = today + timedelta(days=rng.randint(-10, 60)) if state == "yellow_card" else None
            declaration = first_d + len(d_rows)
            d_rows.append({"id": declaration, "cycle_id": cycles[namer], "enterprise_id": e.id, "level": level,
                           "campaign_id": self_check[0], "seal_sha256": self_check[1], "state": "named"})
            t_rows.append({"declaration_id": declaration, "enterprise_id": e.id, "state": state, "deadline": deadline,
                           "reasons": [], "ended_on": today if state in ("delisted", "revoked") else None})
            e.titles.append((level, state, deadline))
    for model, batch in ((Enterprise, e_rows), (Questionnaire, q_rows), (Campaign, c_rows), (Seal, s_rows),
                         (Declaration, d_rows), (Title, t_rows)):
        for start in range(0, len(batch), 5000):
            if batch[start:start + 5000]:
                session.execute(insert(model), batch[start:start + 5000])
    if session.get_bind().dialect.name == "postgresql":  # the ids were given: move the sequences past them
        for model in (Jurisdiction, Cycle, Enterprise, Questionnaire, Campaign, Declaration):
            table = model.__tablename__
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                 f" (SELECT max(id) FROM {table}))"))
    session.commit()
    return City(root, district_ids, made)
