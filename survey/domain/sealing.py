"""Sealed results (封存结果): the canonical file of a closed vote, its SHA-256, and its recount.

The canonical file is one JSON object with sorted keys, no insignificant whitespace, UTF-8 text
(nothing escaped to ASCII) and no number that is not an integer: fractions and decimals are
strings. Its keys are "format", the members its format lists (`MEMBERS`: "settings" — enterprise,
vote, questionnaire — and "summary", the tally) and "votes": the anonymous ballots, ordered by
their random key, each an object of item key → option key (or the text of a free answer) — no
code, no time, no key. "votes" sorts last, so the file is written and read as a stream: the small
header, then one ballot at a time.

harmony-seal/2 hides departments as the published breakdown does (`Masking`): a ballot of a hidden
group, "not stated" included, says "hidden" for its department, the department's answers per
option count the hidden groups together, and the summary's "departments" names the hidden groups.
harmony-seal/3 adds "statistics" (`sealed_statistics`): the composite's bounds, alpha and the shown
departments' figures, computed at close. /2 files (sealed before statistics were) and /1 files
(sealed before files were masked, listing every department) are still read and recounted.

`verify` recomputes the tally from the file alone with the counting rules (`rules`), from /2 on
the hidden groups with the breakdown's rule, for /3 the statistics, and compares them with what
the file states; its digest is taken over the very bytes read.
"""
import codecs
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter

from ..data.enums import ItemKind
from . import estimation, rules, sealed_statistics
from .breakdown import MIN_BALLOTS, GroupCount, hidden_with_pool
from .errors import HarmonyError
from .turnout import Turnout

FORMAT_1 = "harmony-seal/1"
FORMAT_2 = "harmony-seal/2"
FORMAT = "harmony-seal/3"
# The members of each format's file between "format" and "votes", in their (sorted) order.
MEMBERS = {FORMAT_1: ("settings", "summary"), FORMAT_2: ("settings", "summary"),
           FORMAT: ("settings", "statistics", "summary")}
HIDDEN = "hidden"  # the department of a ballot whose group is hidden, and their answers' option key
DECIMAL_PLACES = 6
CHUNK_BYTES = 1 << 16
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_DECODER = json.JSONDecoder()
# Far more than any header or ballot; a value still unparsed beyond this is not going to parse.
_MAX_VALUE_CHARS = 8 << 20


class SealFileError(HarmonyError):
    """A file that is not a readable canonical export; `key` says how."""

    status = 422


def canonical(value: object) -> str:
    return _ENCODER.encode(value)


def fraction_text(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def decimal_text(value: Fraction | None, places: int = DECIMAL_PLACES) -> str | None:
    """The exact value rounded half to even at `places` decimals, e.g. 4/5 → "0.800000"."""
    if value is None:
        return None
    scaled = round(value * 10 ** places)
    whole, part = divmod(abs(scaled), 10 ** places)
    return f"{'-' if scaled < 0 else ''}{whole}.{part:0{places}d}"


def _utc(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _setting(value: object) -> str:
    """A threshold, floor or veto as stored (Decimal or decimal string), always with two decimals."""
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


def _limits(limits: dict | None) -> dict[str, str]:
    return {key: _setting(value) for key, value in (limits or {}).items()}


def settings_of(campaign) -> dict:
    """The canonical settings of a closed campaign (an ORM object with its enterprise and questionnaire)."""
    questionnaire = campaign.questionnaire
    return {
        "enterprise": {"name": campaign.enterprise.name, "credit_code": campaign.enterprise.credit_code},
        "campaign": {
            "id": campaign.id, "enterprise_id": campaign.enterprise_id, "questionnaire_id": questionnaire.id,
            "title": campaign.title, "electorate": campaign.electorate,
            "electorate_source": campaign.electorate_source, "method": campaign.method,
            "threshold": _setting(campaign.threshold),
            "floors": _limits(campaign.floors), "vetoes": _limits(campaign.vetoes),
            "turnout_floor": campaign.turnout_floor,
            "opens_at": _utc(campaign.opens_at), "closes_at": _utc(campaign.closes_at),
            "closed_at": _utc(campaign.closed_at),
        },
        "questionnaire": {
            "title_zh": questionnaire.title_zh, "title_en": questionnaire.title_en, "scale": questionnaire.scale,
            "items": [{
                "key": item.key, "kind": item.kind, "text_zh": item.text_zh, "text_en": item.text_en,
                "weight": item.weight, "required": item.required,
                "options": [{"key": o.key, "text_zh": o.text_zh, "text_en": o.text_en,
                             "satisfied": o.satisfied, "score": o.score} for o in item.options],
            } for item in questionnaire.items],
        },
    }


def summary_of(cast: int, valid: int, electorate: int, tally: rules.Tally,
               distribution: dict[str, dict[str, int]], codes: dict[str, int] | None = None) -> dict:
    """The canonical summary: turnout (never above 1), answers per option, the tally with its verdict,
    and the codes issued, used and unused (seals from before they were kept have no "codes").
    The turnout floor applied is stated too; seals from before it existed have none and no floor."""
    summary = {
        "method": tally.method, "cast": cast, "valid": valid, "electorate": electorate,
        "turnout": decimal_text(Fraction(min(cast, electorate), electorate) if electorate else None),
        "composite": fraction_text(tally.composite), "composite_decimal": decimal_text(tally.composite),
        "threshold": fraction_text(tally.threshold), "threshold_decimal": decimal_text(tally.threshold),
        "qualified": tally.qualified, "reasons": list(tally.reasons),
        "items": [{
            "key": item.key, "weight": item.weight, "answered": item.answered, "satisfied": item.satisfied,
            "value": fraction_text(item.value), "value_decimal": decimal_text(item.value),
            "floor": fraction_text(item.floor), "veto": fraction_text(item.veto),
            "meets_floor": item.meets_floor, "passes_veto": item.passes_veto,
        } for item in tally.items],
        "counts": distribution,
    }
    if codes is not None:
        summary["codes"] = codes
    if tally.turnout_floor is not None:
        summary["turnout_floor"] = tally.turnout_floor
    return summary


def ballots_from_rows(rows: Iterable[tuple]) -> Iterator[dict[str, str]]:
    """Ballots from (ballot key, item key, option key, text) rows sorted by ballot key.

    A ballot without answers comes as one row of Nones after its key.
    """
    for _key, answers in itertools.groupby(rows, key=itemgetter(0)):
        yield {item: text if option is None else option for _k, item, option, text in answers if item is not None}


def _batched(pieces: Iterable[str]) -> Iterator[bytes]:
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    yield "".join(buffer).encode()


def format_of(summary: dict, statistics: dict | None = None) -> str:
    """A stored seal's format: /3 seals keep statistics; of the others only /2 summaries have
    "departments" (null without a department question)."""
    if statistics is not None:
        return FORMAT
    return FORMAT_2 if "departments" in summary else FORMAT_1


def header(**members: dict | None) -> dict:
    """The file's members before "votes": "format", then those `MEMBERS` lists for it, by name
    (a seal without "statistics" was made before they were sealed)."""
    version = format_of(members["summary"], members.get("statistics"))
    return {"format": version, **{name: members[name] for name in MEMBERS[version]}}


def _pieces(members: dict, ballots: Iterable[dict]) -> Iterator[str]:
    head = canonical({**members, "votes": []})
    yield head[:-len("]}")]
    for index, ballot in enumerate(ballots):
        yield ("," if index else "") + _ENCODER.encode(ballot)
    yield "]}"


def document(members: dict, ballots: Iterable[dict]) -> Iterator[bytes]:
    """The canonical file of a `header` and the ballots, as a stream of UTF-8 chunks of about 64 KiB."""
    return _batched(_pieces(members, ballots))


@dataclass(frozen=True)
class Masking:
    """部门隐藏: the groups that ballot-level files hide, as the published tables do.

    `groups` are the department option keys in questionnaire order, then None for "not stated";
    `hidden` those of them the breakdown hides. `profiles` mask each profile question (基本情况)
    the same way, its options then None for "not answered", as its distribution hides them.
    `item` is None when the vote asks no department.
    """

    item: str | None  # the department item's key
    groups: tuple[str | None, ...]
    hidden: frozenset
    profiles: tuple["Masking", ...] = ()

    def _own(self, ballot: dict[str, str]) -> dict[str, str]:
        return {**ballot, self.item: HIDDEN} if self.item and ballot.get(self.item) in self.hidden else ballot

    def ballot(self, ballot: dict[str, str]) -> dict[str, str]:
        """The ballot with "hidden" for its department (and each profile answer) when its group is
        hidden (not stated: none given)."""
        for mask in (self, *self.profiles):
            ballot = mask._own(ballot)
        return ballot

    def ballots(self, ballots: Iterable[dict[str, str]]) -> Iterator[dict[str, str]]:
        return map(self.ballot, ballots)

    def member(self) -> dict:
        """The summary's "departments": the hidden groups in order (null: not stated) and the rule's floor."""
        return {"hidden": [group for group in self.groups if group in self.hidden], "min_ballots": MIN_BALLOTS}

    def counts(self, answers: dict[str, int], cast: int) -> dict[str, int]:
        """The item's answers per option as the masked ballots give them: shown groups one by
        one, the hidden groups (not stated among them, when hidden) together under "hidden"."""
        stated = {group: answers.get(group, 0) for group in self.groups if group is not None}
        not_stated = cast - sum(stated.values())
        pooled = sum(n for group, n in stated.items() if group in self.hidden)
        shown = {group: n for group, n in stated.items() if group not in self.hidden}
        return {**shown, HIDDEN: pooled + (not_stated if None in self.hidden else 0)}

    def summary(self, summary: dict) -> dict:
        """A /2 summary of the tally (`summary_of`): departments and profile answers masked, the
        hidden groups named ("profiles" only when the vote asks profile questions)."""
        counts = dict(summary["counts"])
        for mask in (self, *self.profiles):
            if mask.item:
                counts[mask.item] = mask.counts(counts.get(mask.item, {}), summary["cast"])
        masked = {**summary, "counts": counts, "departments": self.member() if self.item else None}
        if self.profiles:
            masked["profiles"] = {mask.item: mask.member()["hidden"] for mask in self.profiles}
        return masked

    @classmethod
    def of_seal(cls, settings: dict, summary: dict) -> "Masking | None":
        """The masking a /2 seal states; None when it masks nothing, or for a /1 seal."""
        member, item = summary.get("departments"), _department_item(settings)
        stated = summary.get("profiles", {})
        profiles = tuple(cls(p["key"], _groups(p), frozenset(stated[p["key"]])) for p in _profile_items(settings)
                         if p["key"] in stated)
        if (member is None or item is None) and not profiles:
            return None
        if member is None or item is None:
            return cls(None, (), frozenset(), profiles)
        return cls(item["key"], _groups(item), frozenset(member["hidden"]), profiles)


def sealed_summary(summary: dict, masking: Masking | None) -> dict:
    """The summary of the tally as a /2 file states it ("departments": null without a department question)."""
    return masking.summary(summary) if masking else {**summary, "departments": None}


def _department_item(settings: dict) -> dict | None:
    return next((item for item in settings["questionnaire"]["items"] if item["kind"] == ItemKind.DEPARTMENT), None)


def _profile_items(settings: dict) -> list[dict]:
    return [item for item in settings["questionnaire"]["items"] if item["kind"] == ItemKind.PROFILE]


def _groups(item: dict) -> tuple[str | None, ...]:
    return (*(option["key"] for option in item["options"]), None)


def digest(chunks: Iterable[bytes]) -> tuple[str, int]:
    """(SHA-256 in lowercase hex, size in bytes) of a stream."""
    hashed, size = hashlib.sha256(), 0
    for chunk in chunks:
        hashed.update(chunk)
        size += len(chunk)
    return hashed.hexdigest(), size


class SealedOption(NamedTuple):
    """An option as the sealed settings state it."""

    key: str
    satisfied: bool
    score: int


class SealedItem(NamedTuple):
    """A questionnaire item as the sealed settings state it: what the recount needs of it."""

    key: str
    kind: str
    weight: int
    options: tuple[SealedOption, ...]


def sealed_items(settings: dict) -> tuple[SealedItem, ...]:
    return tuple(
        SealedItem(item["key"], item["kind"], item["weight"],
                   tuple(SealedOption(o["key"], o["satisfied"], o["score"]) for o in item["options"]))
        for item in settings["questionnaire"]["items"]
    )


class _DepartmentRecount:
    """The department groups as a /2 file lists them: the shares of each shown group and of the
    hidden ones together — ballots, respondents (a scored answer of some weight) and the answers
    to each scored item, the totals the breakdown publishes."""

    def __init__(self, item: dict, items: tuple[SealedItem, ...]):
        self.key, self.groups = item["key"], _groups(item)
        self.weights = [(i.key, i.weight) for i in items if i.kind == ItemKind.SCORED]
        self.shares: dict[str | None, tuple[int, ...]] = {}

    def add(self, ballot: dict[str, str]) -> None:
        answered = [int(key in ballot) for key, _weight in self.weights]
        respondent = sum(weight for (_key, weight), said in zip(self.weights, answered) if said) > 0
        share = (1, int(respondent), *answered)
        group = ballot.get(self.key)
        before = self.shares.get(group)
        self.shares[group] = share if before is None else tuple(map(sum, zip(before, share)))

    def member(self) -> dict:
        """The hidden groups recomputed: those not listed, and those the rule hides besides."""
        listed = [group for group in self.groups if group in self.shares]
        counts = [GroupCount(group, share[0], 0, share[1], share[2:])
                  for group in listed for share in [self.shares[group]]]
        pool = self.shares.get(HIDDEN, (0,) * (2 + len(self.weights)))
        more = {listed[i] for i in hidden_with_pool(counts, pool, len(self.groups) - len(listed))}
        hidden = [group for group in self.groups if group not in self.shares or group in more]
        return {"hidden": hidden, "min_ballots": MIN_BALLOTS}


class Recount:
    """Counts ballots one at a time against sealed settings, then tallies them with `rules`; for a
    /2 file also the department groups, to recompute which are hidden."""

    def __init__(self, settings: dict, version: str = FORMAT, stated: dict | None = None):
        try:
            self.items = sealed_items(settings)
            campaign = settings["campaign"]
            self.rules = rules.counting_rules(campaign["method"], campaign["threshold"],
                                              campaign["floors"], campaign["vetoes"], campaign.get("turnout_floor"))
            self.electorate = int(campaign["electorate"])
            department = _department_item(settings) if version != FORMAT_1 else None
            self.departments = _DepartmentRecount(department, self.items) if department else None
            self.statistics = _statistics_recount(settings, self.items, department, stated) \
                if version == FORMAT else None
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise SealFileError("seal_settings") from error
        self.version = version
        self.scored = {item.key for item in self.items if item.kind == ItemKind.SCORED}
        self.distribution = {item.key: {o.key: 0 for o in item.options} for item in self.items if item.options}
        if department:  # a /2 file lists only the shown groups; the hidden ones count together
            self.distribution[department["key"]] = {HIDDEN: 0}
        # A /2 file masks each profile question too: its hidden options are those no ballot names,
        # and "not answered" when no ballot leaves it out.
        self.profiles = {item.key: item for item in self.items if item.kind == ItemKind.PROFILE} \
            if version != FORMAT_1 else {}
        self.unanswered = dict.fromkeys(self.profiles, 0)
        for key in self.profiles:
            self.distribution[key] = {HIDDEN: 0}
        self.cast = self.valid = 0

    def add(self, ballot: dict[str, str]) -> None:
        self.cast += 1
        self.valid += not self.scored.isdisjoint(ballot)
        for key, answer in ballot.items():
            counts = self.distribution.get(key)
            if counts is not None:
                counts[answer] = counts.get(answer, 0) + 1
        if self.departments:
            self.departments.add(ballot)
        if self.statistics:
            self.statistics.add(ballot)
        for key in self.profiles:
            self.unanswered[key] += key not in ballot

    def _tally(self) -> rules.Tally:
        return rules.tally(rules.item_counts(self.items, self.distribution), self.rules,
                           Turnout(self.electorate, self.cast))

    def summary(self, codes: dict | None = None) -> dict:
        """The summary recounted; the codes cannot be counted from the ballots and are taken as stated."""
        summary = summary_of(self.cast, self.valid, self.electorate, self._tally(), self.distribution, codes)
        if self.version == FORMAT_1:
            return summary
        summary = {**summary, "departments": self.departments.member() if self.departments else None}
        if self.profiles:
            summary["profiles"] = {
                key: [o.key for o in item.options if not self.distribution[key].get(o.key)]
                + ([None] if not self.unanswered[key] else []) for key, item in self.profiles.items()}
        return summary

    def statistics_member(self, hidden: list) -> dict | None:
        """The "statistics" of a /3 file recomputed from its ballots (`hidden`: the departments the
        recounted summary hides); None for the formats before."""
        if self.statistics is None:
            return None
        groups = self.statistics.shown(self.departments.groups, frozenset(hidden)) if self.departments else None
        return sealed_statistics.member(sealed_statistics.compute(
            self._tally().composite, self.cast, self.electorate, estimation.top_of(self.rules.method),
            self.statistics.sums(), groups))


def _statistics_recount(settings: dict, items: tuple[SealedItem, ...], department: dict | None,
                        stated: dict | None) -> sealed_statistics.BallotSums:
    """The statistics' sums of a /3 file, with each item's influence from the tally the file states:
    the ballots are read once, so the stated tally stands in for the recounted one (if the two
    differ, the summary disagrees anyway)."""
    campaign = settings["campaign"]
    try:
        influence = estimation.influence(campaign["method"], rules.item_counts(items, stated["counts"]))
    except (KeyError, TypeError, AttributeError):
        influence = {}
    return sealed_statistics.BallotSums(items, campaign["method"], int(settings["questionnaire"]["scale"]),
                                        influence, department["key"] if department else None)


class _Reader:
    """The bytes of a file: hashed as read, decoded as UTF-8, parsed one JSON value at a time."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._hash = hashlib.sha256()
        self.size = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._text, self._at = "", 0

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def _more(self) -> bool:
        chunk = next(self._chunks, None)
        try:
            text = self._decoder.decode(chunk or b"", final=chunk is None)
        except UnicodeDecodeError as error:
            raise SealFileError("seal_not_utf8") from error
        if chunk is None:
            return False
        self._hash.update(chunk)
        self.size += len(chunk)
        self._text = self._text[self._at:] + text
        self._at = 0
        return True

    def _available(self, count: int) -> bool:
        while len(self._text) - self._at < count:
            if not self._more():
                return False
        return True

    def expect(self, literal: str) -> None:
        if not (self._available(len(literal)) and self._text.startswith(literal, self._at)):
            raise SealFileError("seal_not_canonical")
        self._at += len(literal)

    def next_is(self, literal: str) -> bool:
        """Consume `literal` when it comes next."""
        if self._available(len(literal)) and self._text.startswith(literal, self._at):
            self._at += len(literal)
            return True
        return False

    def value(self) -> object:
        while True:
            try:
                value, self._at = _DECODER.raw_decode(self._text, self._at)
                return value
            except json.JSONDecodeError as error:
                if len(self._text) - self._at > _MAX_VALUE_CHARS or not self._more():
                    raise SealFileError("seal_not_canonical") from error

    def array(self) -> Iterator[object]:
        """The values of an array whose "[" has been read, up to and including its "]"."""
        if self.next_is("]"):
            return
        while True:
            yield self.value()
            if self.next_is("]"):
                return
            self.expect(",")

    def end(self) -> None:
        self.expect("}")
        if self._available(1):
            raise SealFileError("seal_not_canonical")


@dataclass(frozen=True)
class Verification:
    sha256: str
    size: int
    settings: dict
    stated: dict  # the summary the file states
    recounted: dict  # the summary recomputed from its ballots
    stated_statistics: object = None  # a /3 file's "statistics", and as recomputed from its ballots
    recounted_statistics: dict | None = None

    @property
    def agrees(self) -> bool:
        return not self.differences()

    def differences(self) -> list[str]:
        keys = sorted(set(self.stated) | set(self.recounted))
        found = [key for key in keys if self.stated.get(key) != self.recounted.get(key)]
        if self.recounted_statistics is not None:
            found += sealed_statistics.differences(self.stated_statistics, self.recounted_statistics)
        return found


def _ballot(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(answer, str) for answer in value.values()):
        raise SealFileError("seal_not_canonical")
    return value


def verify(chunks: Iterable[bytes]) -> Verification:
    """Digest a canonical file (/1, /2 or /3) and recount its ballots; SealFileError when it cannot be read."""
    reader = _Reader(chunks)
    reader.expect('{"format":')
    version = reader.value()
    if not isinstance(version, str) or version not in MEMBERS:
        raise SealFileError("seal_format")
    members = {}
    for name in MEMBERS[version]:
        reader.expect(f',"{name}":')
        members[name] = reader.value()
    reader.expect(',"votes":[')
    settings, stated = members["settings"], members["summary"]
    recount = Recount(settings if isinstance(settings, dict) else {}, version,
                      stated if isinstance(stated, dict) else None)
    for value in reader.array():
        recount.add(_ballot(value))
    reader.end()
    codes = stated.get("codes") if isinstance(stated, dict) else None
    recounted = recount.summary(codes)
    hidden = (recounted.get("departments") or {}).get("hidden", [])
    return Verification(reader.sha256, reader.size, settings, stated, recounted, members.get("statistics"),
                        recount.statistics_member(hidden))
