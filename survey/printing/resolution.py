"""The resolution sheet (表决结果汇总表) of a congress session: an A4 PDF in Chinese.

It prints the sealed result set (``survey.domain.resolutions``): for each motion and election the
attendance at its close (all delegates, present, quorum), the counts and the outcome, and at the
end the SHA-256 digest of the result set. Its words come from the caller (`Wording`, already
translated): the sheet is an official record of a Chinese congress, so the web layer renders them in
Chinese whatever language the chair's pages are in.
"""
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from .fonts import a4_canvas, draw_footer, draw_text, text_width

MARGIN = 18 * mm
WIDTH, HEIGHT = A4
LINE_WIDTH = WIDTH - 2 * MARGIN
SIZES = {"title": 16, "heading": 12.5, "item": 11, "text": 10, "small": 8.5}
LEADING = 1.65

Line = tuple[str, str]  # (size key, text)


@dataclass(frozen=True)
class Wording:
    """The sheet's words, translated by the caller; texts with ``%(name)s`` are filled in here."""

    title: str
    enterprise: str  # %(name)s, %(code)s
    session: str  # %(title)s, %(delegates)s, %(present)s
    motions: str
    elections: str
    nothing: str
    digest: str
    attendance: str  # %(total)s, %(present)s, %(quorum)s
    quorum_met: str
    quorum_missed: str
    motion_counts: str  # %(for)s, %(against)s, %(abstain)s, %(cast)s, %(paper)s, %(phone)s, %(not_voted)s
    motion_outcome: str  # %(rule)s, %(required)s, %(outcome)s, %(margin)s
    passed: str
    not_passed: str
    election_counts: str  # %(seats)s, %(ballots_cast)s, %(paper)s, %(required)s
    candidate: str  # %(name)s, %(votes)s, %(reason)s
    unfilled: str  # %(unfilled)s
    rules: Mapping[str, str]  # rule key → words
    reasons: Mapping[str, str]  # a candidate's reason key → words


def _attendance(item: dict, words: Wording) -> str:
    quorum = words.quorum_met if item["quorum_met"] else words.quorum_missed
    return words.attendance % {"total": item["total"], "present": item["present"], "quorum": quorum}


def _motion(number: int, motion: dict, words: Wording) -> Iterator[Line]:
    outcome = words.passed if motion["passed"] else words.not_passed
    yield "item", f"{number}. {motion['title']}"
    yield "text", _attendance(motion, words)
    cast = motion["for"] + motion["against"] + motion["abstain"]
    yield "text", words.motion_counts % {**motion, "cast": cast, "phone": cast - motion["paper"]}
    yield "text", words.motion_outcome % {"rule": words.rules[motion["rule"]], "required": motion["required"],
                                          "outcome": outcome, "margin": f"{motion['margin']:+d}"}


def _election(number: int, election: dict, words: Wording) -> Iterator[Line]:
    yield "item", f"{number}. {election['title']}"
    yield "text", _attendance(election, words)
    yield "text", words.election_counts % election
    for group in ("elected", "tied", "not_elected"):
        for candidate in election[group]:
            yield "text", "    " + words.candidate % {**candidate, "reason": words.reasons[candidate["reason"]]}
    if election["unfilled"]:
        yield "text", words.unfilled % election


def _lines(record: dict, digest: str, words: Wording) -> Iterator[Line]:
    congress = record["congress"]
    yield "title", words.title
    yield "text", words.enterprise % {"name": congress["enterprise"], "code": congress["credit_code"]}
    yield "text", words.session % congress
    yield "heading", words.motions
    for number, motion in enumerate(record["motions"], start=1):
        yield from _motion(number, motion, words)
    if not record["motions"]:
        yield "text", words.nothing
    yield "heading", words.elections
    for number, election in enumerate(record["elections"], start=1):
        yield from _election(number, election, words)
    if not record["elections"]:
        yield "text", words.nothing
    yield "heading", words.digest
    yield "small", digest


def _wrapped(lines: Iterator[Line]) -> Iterator[Line]:
    """Long lines broken to the page width, character by character (Chinese has no spaces)."""
    for size_key, text in lines:
        current = ""
        for char in text:
            if current and text_width(current + char, SIZES[size_key]) > LINE_WIDTH:
                yield size_key, current
                current = "    "
            current += char
        yield size_key, current


def render_resolution(record: dict, digest: str, words: Wording, out: BinaryIO) -> int:
    """Write the sheet of ``record`` (a sealed result set) and its ``digest`` to ``out``; the page count."""
    canvas = a4_canvas(out, title=f"{record['congress']['title']} {words.title}")
    pages, y = 1, HEIGHT - MARGIN
    for size_key, text in _wrapped(_lines(record, digest, words)):
        size = SIZES[size_key]
        step = size * LEADING + (size if size_key == "heading" else 0)
        if y - step < MARGIN:
            draw_footer(canvas, f"- {pages} -")
            canvas.showPage()
            pages, y = pages + 1, HEIGHT - MARGIN
        y -= step
        centred = size_key == "title"
        draw_text(canvas, WIDTH / 2 if centred else MARGIN, y, text, size, centered=centred)
    draw_footer(canvas, f"- {pages} -")
    canvas.save()
    return pages
