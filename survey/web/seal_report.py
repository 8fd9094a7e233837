"""A seal in the reader's language (a `Report`): for the self-check attachment PDF, the summary XLSX and the
public verification page. Everything shown comes from the seal itself, as it was sealed."""
from datetime import datetime
from fractions import Fraction

from flask import current_app
from flask_babel import force_locale, gettext as _

from ..data.enums import ItemKind
from ..data.models import Seal
from ..domain import rules
from ..domain.sealing import Masking, sealed_items
from ..domain.summary import sealed_profiles
from ..extensions import current_language
from ..messages import verdict_text
from ..printing import exports
from ..printing.report import Report
from . import reason_text
from .common import local_time, public_base

SEALED_TIME = "%Y-%m-%dT%H:%M:%SZ"


def verify_url(sha256: str) -> str:
    return f"{public_base()}/verify/{sha256}"


def language() -> str:
    return "en" if current_language() == "en" else "zh"


def _rate_method(summary: dict) -> bool:
    return summary["method"] == "rate"


def _value(value: str | None, rate: bool) -> str:
    if value is None:
        return "—"
    return "%.2f%%" % (Fraction(value) * 100) if rate else "%.2f" % Fraction(value)


def _limit(value: str | None, rate: bool) -> str:
    if value is None:
        return ""
    return "%g%%" % (Fraction(value) * 100) if rate else "%g" % Fraction(value)


def closed_at(settings: dict) -> str:
    moment = datetime.strptime(settings["campaign"]["closed_at"], SEALED_TIME)
    return local_time(moment).strftime("%Y-%m-%d %H:%M")


def _facts(settings: dict, summary: dict) -> tuple[tuple[str, str], ...]:
    enterprise, campaign = settings["enterprise"], settings["campaign"]
    return (
        (_("Enterprise"), enterprise["name"]),
        (_("Unified social credit code"), enterprise["credit_code"]),
        (_("Vote"), campaign["title"]),
        (_("Closed at"), closed_at(settings)),
        (_("Electorate"), str(summary["electorate"])),
        (_("Ballots cast"), str(summary["cast"])),
        (_("Valid ballots"), str(summary["valid"])),
        (_("Turnout"), _value(summary["turnout"], rate=True)),
        *_codes(summary),
    )


def _codes(summary: dict) -> tuple[tuple[str, str], ...]:
    """Codes issued, used and unused, and the spare margin beyond the electorate (older seals: none)."""
    codes = summary.get("codes")
    if codes is None:
        return ()
    counts = (_("Codes issued / used / unused"), f"{codes['issued']} / {codes['used']} / {codes['unused']}")
    if codes["issued"] <= summary["electorate"]:
        return (counts,)
    return counts, (_("Spare codes"), _("issued %(issued)s codes for an electorate of %(electorate)s",
                                        issued=codes["issued"], electorate=summary["electorate"]))


def _floor(item: dict, rate: bool) -> str:
    veto = f" ({_('veto')} {_limit(item['veto'], rate)})" if item["veto"] is not None else ""
    return _limit(item["floor"], rate) + veto


def _table(summary: dict, names: dict[str, str]) -> tuple[tuple[str | int, ...], ...]:
    rate = _rate_method(summary)
    header = (_("Item"), _("Weight"), _("Satisfied"), _("Answered"), _("Rate") if rate else _("Score"), _("Floor"))
    return (header, *[(names.get(item["key"], item["key"]), item["weight"], item["satisfied"], item["answered"],
                       _value(item["value"], rate), _floor(item, rate)) for item in summary["items"]])


def answer_counts(seal: Seal, masking: Masking | None) -> tuple[tuple[str | int, ...], ...]:
    """Answers per option for the summary workbook, but the profile questions'
    (their own sheet hides small options); a department the breakdown hides says "Hidden"
    (隐藏) instead of its count."""
    settings, lang = seal.settings, language()
    rows = [(_("Item"), _("Option"), _("Answers"))]
    for item in settings["questionnaire"]["items"]:
        if item["kind"] == ItemKind.PROFILE:
            continue
        counts = seal.summary["counts"].get(item["key"], {})
        hidden = masking.hidden if masking and masking.item == item["key"] else frozenset()
        rows += [(item[f"text_{lang}"], option[f"text_{lang}"],
                  _("Hidden") if option["key"] in hidden else counts.get(option["key"], 0))
                 for option in item["options"]]
    return tuple(rows)


def _distributions(settings: dict, summary: dict, lang: str) -> tuple[tuple[str | int, ...], ...]:
    """The profile questions' distributions, hidden options as on the chair's page; none: no sheet."""
    items = {item["key"]: item for item in settings["questionnaire"]["items"]}
    rows = []
    for profile in sealed_profiles(sealed_items(settings), summary["counts"], summary["cast"],
                                   summary.get("profiles")):
        item = items[profile.key]
        names = {option["key"]: option[f"text_{lang}"] for option in item["options"]}
        rows += [(item[f"text_{lang}"], names[row.option] if row.option else _("Not answered"),
                  row.count if row.shown else _("Hidden"), "%.1f%%" % (row.share * 100) if row.shown else "")
                 for row in profile.options]
    return ((_("Question"), _("Option"), _("Answers"), _("Share of ballots cast")), *rows) if rows else ()


def _hidden_words() -> dict[str, str]:
    """The word for a hidden department in every language: the codebook lists both."""
    words = {}
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            words[locale] = _("Hidden")
    return words


def export_words(keys: bool) -> exports.Words:
    """The spreadsheets' words: keys (``labels=keys``), or the reader's language."""
    if keys:
        return exports.Words(hidden=_hidden_words())
    return exports.Words(
        language=language(), ballots=_("Anonymous ballots"), codebook=_("Codebook"), summary=_("Summary"),
        items=_("Items"), answers=_("Answers per option"), distributions=_("Distributions"),
        codebook_header=(_("Item key"), _("Kind"), _("Question (Chinese)"), _("Question (English)"), _("Weight"),
                         _("Option key"), _("Option (Chinese)"), _("Option (English)"), _("Counts as satisfied"),
                         _("Score")),
        kinds={ItemKind.SCORED: _("Scored item"), ItemKind.TEXT: _("Free text"), ItemKind.DEPARTMENT: _("Department"),
               ItemKind.PROFILE: _("Profile question")},
        yes_no=(_("Yes"), _("No")), hidden=_hidden_words())


def composite_line(summary: dict) -> str:
    """The composite against the threshold; nothing without a valid ballot, as nothing was compared."""
    if summary["composite"] is None:
        return ""
    rate = _rate_method(summary)
    threshold = _limit(summary["threshold"], rate).rstrip("%")
    if rate:
        return (f"{_('Composite satisfaction rate')} {_value(summary['composite'], rate)} · "
                f"{_('threshold %(t)s%% or more', t=threshold)}")
    return f"{_('Composite score')} {_value(summary['composite'], rate)} · {_('threshold %(t)s points or more', t=threshold)}"


def verdict(summary: dict) -> str:
    return verdict_text(rules.verdict(summary["qualified"], summary["reasons"]))


def report(seal: Seal) -> Report:
    settings, summary, lang = seal.settings, seal.summary, language()
    names = {item["key"]: item[f"text_{lang}"] for item in settings["questionnaire"]["items"]}
    return Report(
        title=_("Self-check attachment: sealed results of the satisfaction vote"),
        facts=_facts(settings, summary), table=_table(summary, names), composite=composite_line(summary),
        verdict=verdict(summary), qualified=summary["qualified"],
        rules=tuple(reason_text(reason, names, summary["method"])
                    for reason in rules.stated_reasons(summary["reasons"])),
        digest_label=_("Seal: SHA-256 digest of the sealed file of this vote"), digest=seal.sha256,
        verify_label=_("Scan the QR code or open this address to check this sheet against the server:"),
        verify_url=verify_url(seal.sha256), distributions=_distributions(settings, summary, lang),
    )
