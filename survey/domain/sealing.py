"""Sealed results (封存结果): the canonical file of a closed vote, its SHA-256, and its recount.

The canonical file is one JSON object with sorted keys, no insignificant whitespace, UTF-8 text
(nothing escaped to ASCII) and no number that is not an integer: fractions and decimals are
strings. Its keys are "format", "settings" (enterprise, vote, questionnaire), "summary" (the
tally) and "votes": the anonymous ballots, ordered by their random key, each an object of item
key → option key (or the text of a free answer) — no code, no time, no key. "votes" sorts last,
so the file is written and read as a stream: the small header, then one ballot at a time.

`verify` recomputes the tally from the file alone with the counting rules (`rules`) and compares
it with the summary the file states; its digest is taken over the very bytes read.
"""
import codecs
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter

from ..data.enums import ItemKind
from . import rules
from .errors import HarmonyError
from .turnout import Turnout

FORMAT = "harmony-seal/1"
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


def _pieces(settings: dict, summary: dict, ballots: Iterable[dict]) -> Iterator[str]:
    header = canonical({"format": FORMAT, "settings": settings, "summary": summary, "votes": []})
    yield header[:-len("]}")]
    for index, ballot in enumerate(ballots):
        yield ("," if index else "") + _ENCODER.encode(ballot)
    yield "]}"


def document(settings: dict, summary: dict, ballots: Iterable[dict]) -> Iterator[bytes]:
    """The canonical file as a stream of UTF-8 chunks of about 64 KiB."""
    return _batched(_pieces(settings, summary, ballots))


def digest(chunks: Iterable[bytes]) -> tuple[str, int]:
    """(SHA-256 in lowercase hex, size in bytes) of a stream."""
    hashed, size = hashlib.sha256(), 0
    for chunk in chunks:
        hashed.update(chunk)
        size += len(chunk)
    return hashed.hexdigest(), size


@dataclass(frozen=True)
class SealedOption:
    key: str
    satisfied: bool
    score: int


@dataclass(frozen=True)
class SealedItem:
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


class Recount:
    """Counts ballots one at a time against sealed settings, then tallies them with `rules`."""

    def __init__(self, settings: dict):
        try:
            self.items = sealed_items(settings)
            campaign = settings["campaign"]
            self.rules = rules.counting_rules(campaign["method"], campaign["threshold"],
                                              campaign["floors"], campaign["vetoes"], campaign.get("turnout_floor"))
            self.electorate = int(campaign["electorate"])
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise SealFileError("seal_settings") from error
        self.scored = {item.key for item in self.items if item.kind == ItemKind.SCORED}
        self.distribution = {item.key: {o.key: 0 for o in item.options} for item in self.items if item.options}
        self.cast = self.valid = 0

    def add(self, ballot: dict[str, str]) -> None:
        self.cast += 1
        self.valid += not self.scored.isdisjoint(ballot)
        for key, answer in ballot.items():
            counts = self.distribution.get(key)
            if counts is not None:
                counts[answer] = counts.get(answer, 0) + 1

    def summary(self, codes: dict | None = None) -> dict:
        """The summary recounted; the codes cannot be counted from the ballots and are taken as stated."""
        tally = rules.tally(rules.item_counts(self.items, self.distribution), self.rules,
                            Turnout(self.electorate, self.cast))
        return summary_of(self.cast, self.valid, self.electorate, tally, self.distribution, codes)


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

    @property
    def agrees(self) -> bool:
        return self.stated == self.recounted

    def differences(self) -> list[str]:
        keys = sorted(set(self.stated) | set(self.recounted))
        return [key for key in keys if self.stated.get(key) != self.recounted.get(key)]


def _ballot(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(answer, str) for answer in value.values()):
        raise SealFileError("seal_not_canonical")
    return value


def verify(chunks: Iterable[bytes]) -> Verification:
    """Digest a canonical file and recount its ballots; SealFileError when it cannot be read."""
    reader = _Reader(chunks)
    reader.expect('{"format":')
    if reader.value() != FORMAT:
        raise SealFileError("seal_format")
    reader.expect(',"settings":')
    settings = reader.value()
    reader.expect(',"summary":')
    stated = reader.value()
    reader.expect(',"votes":[')
    recount = Recount(settings if isinstance(settings, dict) else {})
    for value in reader.array():
        recount.add(_ballot(value))
    reader.end()
    codes = stated.get("codes") if isinstance(stated, dict) else None
    return Verification(reader.sha256, reader.size, settings, stated, recount.summary(codes))
