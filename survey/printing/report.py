"""A sealed result in words, ready to print: the web layer translates, the renderers only lay out."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    title: str  # e.g. "Self-check attachment: sealed results of the satisfaction vote"
    facts: tuple[tuple[str, str], ...]  # (label, value): enterprise, credit code, vote, turnout…
    table: tuple[tuple[str | int, ...], ...]  # the tally: a header row, then one row per scored item
    composite: str  # the composite against the threshold, in one line; empty without a valid ballot
    verdict: str  # 自查合格 / 自查不合格 / 无效：参与人数不足 / 无有效选票, as translated
    qualified: bool
    rules: tuple[str, ...]  # why the verdict is what it is, one sentence each
    digest_label: str
    digest: str  # SHA-256 of the sealed file, lowercase hex
    verify_label: str  # what scanning the QR code does
    verify_url: str
    counts: tuple[tuple[str | int, ...], ...] = ()  # answers per option: a header row, then (item, option, answers)
    # profile questions (never satisfaction): a header row, then (question, option, answers, share), small ones hidden
    distributions: tuple[tuple[str | int, ...], ...] = ()
