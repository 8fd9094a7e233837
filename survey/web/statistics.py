"""The statistical summary in words and plain dictionaries, for the results API and the chair page.

Rates are decimals (0.8 for 80%); on the score method values are points from 0 to 100. Every
sentence goes through Flask-Babel (English source, Chinese from the catalogue).
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..domain import rules, stats
from ..domain.breakdown import GroupTest
from ..printing import chartdata
from ..printing import charts as svg
from ..printing import statistics_pdf
from ..domain.summary import Summary
from ..messages import reason
from .common import localized
from .presenters import decimal

# What may be said against the line; %(line)s is "80%" or "80 points".
CLAIMS = {
    ("confident_reaches", rules.RATE): _l("We are 95%% confident the true rate is at least %(line)s."),
    ("cannot_be_sure", rules.RATE): _l("We cannot be sure the true rate reaches %(line)s."),
    ("census_reaches", rules.RATE): _l("Everyone voted: the rate is exact and reaches %(line)s."),
    ("census_below", rules.RATE): _l("Everyone voted: the rate is exact and stays below %(line)s."),
    ("confident_reaches", rules.SCORE): _l("We are 95%% confident the true mean score is at least %(line)s."),
    ("cannot_be_sure", rules.SCORE): _l("We cannot be sure the true mean score reaches %(line)s."),
    ("census_reaches", rules.SCORE): _l("Everyone voted: the score is exact and reaches %(line)s."),
    ("census_below", rules.SCORE): _l("Everyone voted: the score is exact and stays below %(line)s."),
    "not_qualified": _l("The vote is not qualified under its item rules, so no confidence is claimed for it."),
}
METHOD = {
    "estimate": _l("Linearized variance of the official composite over the ballots, finite-population corrected, with Korn–Graubard beta bounds. The interval is two-sided 90%%: its lower end is the one-sided 95%% lower bound the sentence above uses."),
    "census": _l("Everyone in the electorate voted: the official composite is exact and its interval has no width."),
}
ASSUMPTION = {
    rules.RATE: _l("The true rate is the composite if every worker in the electorate had answered, assuming those who did not vote would answer like those who did."),
    rules.SCORE: _l("The true mean score is the composite if every worker in the electorate had answered, assuming those who did not vote would answer like those who did."),
}
# What the test says instead when no conclusion is drawn (`Summary.conclusion_drawn`), by the tally's verdict.
NO_CONCLUSION = {
    rules.Verdict.TURNOUT_TOO_LOW: _l("Too few voted for the minimum turnout: no conclusion is drawn from these ballots."),
    rules.Verdict.NO_VALID_BALLOTS: _l("There is no valid ballot: no conclusion is drawn."),
}
AGREEMENT = {
    "good": _l("The items agree well with one another (alpha 0.8 or more)."),
    "acceptable": _l("The items agree acceptably with one another (alpha from 0.7 to 0.8)."),
    "poor": _l("The items agree poorly with one another (alpha below 0.7): they may measure different things."),
}


def threshold_words(percent: bool, value: float) -> str:
    """The threshold as people say it: "80%" of a rate, "80 points" of a score."""
    return "%g%%" % (value * 100) if percent else _("%(points)s points", points="%g" % value)


def _claim(summary: Summary) -> str:
    if not summary.conclusion_drawn:
        return str(NO_CONCLUSION[summary.results.tally.verdict])
    test, method = summary.test, summary.campaign.method
    if test.verdict == "no_conclusion" or test.reason == "not_qualified":
        key = test.verdict if test.verdict == "no_conclusion" else test.reason
    elif test.reason == "census":
        key = ("census_reaches" if test.confident else "census_below", method)
    else:
        key = (test.verdict, method)
    line = threshold_words(method == rules.RATE, test.threshold)
    return str(CLAIMS[key]) % {"line": line}


def _interval(low: float | None, high: float | None) -> list[float] | None:
    return None if low is None or high is None else [decimal(low), decimal(high)]


def _assumption(summary: Summary) -> str:
    words = str(ASSUMPTION[summary.campaign.method])
    bounds, turnout = summary.bounds_if_nonvoters, summary.turnout
    if bounds is None or turnout is None or turnout.cast == turnout.electorate:
        return words
    percent = summary.campaign.method == rules.RATE
    return words + " " + _("If the %(m)s who did not vote had all been dissatisfied it would be %(worst)s; all satisfied, %(best)s.",
                           m=turnout.electorate - turnout.cast, worst=_figure(float(bounds[0]), percent),
                           best=_figure(float(bounds[1]), percent))


def _composite(summary: Summary) -> dict:
    c, test = summary.composite, summary.test
    bounds = summary.bounds_if_nonvoters
    return {
        "estimate": decimal(c.estimate), "ci95": _interval(c.low, c.high), "level": 0.9,
        "method": str(METHOD["census" if c.fpc == 0.0 else "estimate"]) % {}, "assumption": _assumption(summary),
        "bounds_if_nonvoters": None if bounds is None else [decimal(bounds[0]), decimal(bounds[1])],
        "n": c.n, "margin": decimal(c.margin), "fpc": decimal(c.fpc), "reason": c.reason, "message": reason(c.reason),
        "test": {"confident": test.confident, "lower_bound": decimal(test.lower_bound), "message": _claim(summary),
                 "threshold": decimal(test.threshold), "verdict": test.verdict, "reason": test.reason},
    }


def _turnout(turnout: stats.Turnout | None) -> dict | None:
    if turnout is None:
        return None
    return {"cast": turnout.cast, "electorate": turnout.electorate, "rate": decimal(turnout.rate), "low": turnout.low}


def _items(summary: Summary) -> list[dict]:
    items = {item.key: item for item in summary.campaign.questionnaire.items}
    rows = []
    for entry in summary.items:
        rate, dist = entry.rate, entry.distribution
        options = {option.key: localized(option) for option in items[entry.key].options}
        rows.append({
            "key": entry.key, "text": localized(items[entry.key]), "satisfied": rate.satisfied,
            "answered": rate.answered, "rate": decimal(rate.rate), "ci95": _interval(rate.low, rate.high),
            "population": rate.population, "reason": rate.reason,
            "distribution": [{"option": key, "text": options[key], "count": count,
                              "share": decimal(dist.shares[n]) if dist.shares else None}
                             for n, (key, count) in enumerate(zip(entry.options, dist.counts))],
            "mean": decimal(dist.mean), "sd": decimal(dist.sd),
        })
    return rows


def _alpha(summary: Summary) -> dict:
    a = summary.alpha
    left_out = summary.respondents - a.n
    words = str(AGREEMENT[a.agreement]) if a.agreement else reason(a.reason)
    if left_out:
        words += " " + _("Alpha counts only the %(n)s respondents who answered every item; %(m)s who skipped one are left out.",
                         n=a.n, m=left_out)
    return {"value": decimal(a.alpha), "ci95": _interval(a.low, a.high), "n": a.n, "k": a.k, "reason": a.reason,
            "left_out": left_out, "message": words,
            "item_total": {item.key: decimal(item.item_total) for item in summary.items}}


def p_words(p: float) -> str:
    """A p-value as printed: never "p = 0.000"."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _test_words(test: GroupTest) -> str:
    if test.significant:
        return _("Satisfaction differs between the departments shown (%(p)s).", p=p_words(test.p_value))
    return _("No clear difference between the departments shown (%(p)s).", p=p_words(test.p_value))


def _departments(summary: Summary) -> dict | None:
    found = summary.departments
    if found is None:
        return None
    item = next(i for i in summary.campaign.questionnaire.items if i.kind == "department")
    names = {option.key: localized(option) for option in item.options}
    test = found.breakdown.test
    return {
        "rows": [{"group": row.group, "name": names.get(row.group) or _("Not stated"), "shown": row.shown,
                  "ballots": row.ballots, "respondents": row.answered, "composite": decimal(row.mean),
                  "items": {key: decimal(rate) for key, rate in found.item_rates(row.group).items()}}
                 for row in found.breakdown.rows],
        "test": None if test is None else {
            "method": test.method, "statistic": decimal(test.statistic), "dof": list(test.dof),
            "p_value": decimal(test.p_value), "significant": test.significant, "message": _test_words(test)},
        "reason": found.breakdown.reason, "message": reason(found.breakdown.reason),
    }


def _comparison(summary: Summary) -> dict | None:
    found = summary.comparison
    if found is None:
        return None
    c = found.composite
    return {
        "campaign_id": found.previous.id, "title": found.previous.title,
        "composite": None if c is None else {
            "before": decimal(c.before), "after": decimal(c.after), "change": decimal(c.change),
            "ci95": _interval(c.low, c.high), "p_value": decimal(c.p_value), "significant": c.significant,
            "reason": c.reason, "message": reason(c.reason)},
        "items": [{"key": key, "before": decimal(ch.before), "after": decimal(ch.after), "change": decimal(ch.change),
                   "p_value": decimal(ch.p_value), "p_adjusted": decimal(ch.p_adjusted), "significant": ch.significant,
                   "reason": ch.reason, "message": reason(ch.reason)}
                  for key, ch in found.items],
        "reason": found.reason, "message": reason(found.reason),
    }


def distributions_json(summary: Summary) -> list[dict]:
    """The results API's ``distributions``: each profile question's answers per option and the
    ballots that skipped it (``option`` null), as counts and shares of the ballots cast; a hidden
    option (fewer than 5 answers, or hidden to protect one) has ``shown`` false and null figures."""
    items = {item.key: item for item in summary.campaign.questionnaire.items}
    rows = []
    for profile in summary.profiles:
        names = {option.key: localized(option) for option in items[profile.key].options}
        rows.append({"key": profile.key, "text": localized(items[profile.key]), "options": [
            {"option": row.option, "text": names[row.option] if row.option else _("Not answered"),
             "shown": row.shown, "count": row.count, "share": decimal(row.share)} for row in profile.options]})
    return rows


def statistics_json(summary: Summary) -> dict:
    return {
        "method": summary.campaign.method, "scale": list(summary.scale), "conclusion_drawn": summary.conclusion_drawn,
        "composite": _composite(summary), "turnout": _turnout(summary.turnout),
        "warnings": [{"key": key, "message": reason(key)} for key in summary.warnings],
        "items": _items(summary), "alpha": _alpha(summary),
        "departments": _departments(summary), "comparison": _comparison(summary),
    }


COMPOSITE_HEADING = _l("Composite with its %(level)s%% interval")
ANSWERS_HEADING = _l("Answers per item")
DEPARTMENTS_HEADING = _l("Satisfied rate by department")


def charts(statistics: dict) -> dict[str, str | None]:
    """The report charts as inline SVG, labelled in the reader's language."""
    estimate = chartdata.composite_estimate(statistics)
    line = threshold_words(estimate.percent, estimate.threshold)
    heat = chartdata.department_heat(statistics)
    return {
        "composite": svg.interval_chart(estimate, str(COMPOSITE_HEADING) % {"level": 90}, line),
        "distribution": svg.stacked_bars(chartdata.distribution_bars(statistics), str(ANSWERS_HEADING)),
        "departments": heat and svg.heat_table(heat, str(DEPARTMENTS_HEADING), _("hidden")),
    }


def page(summary: Summary | None) -> dict:
    """Template context for the chair's campaign page: nothing until the vote is closed."""
    if summary is None:
        return {"statistics": None, "charts": None, "distributions": ()}
    found = statistics_json(summary)
    return {"statistics": found, "charts": charts(found), "distributions": distributions_json(summary)}


def _figure(value: float | None, percent: bool) -> str:
    return "—" if value is None else (f"{value * 100:.1f}%" if percent else f"{value:.1f}")


def _sentences(found: dict) -> list[str]:
    percent, composite = found["method"] == rules.RATE, found["composite"]
    low, high = composite["ci95"] or (None, None)
    lines = [composite["test"]["message"],
             _("Composite %(value)s (90%% interval %(low)s – %(high)s, %(n)s ballots).",
               value=_figure(composite["estimate"], percent), low=_figure(low, percent), high=_figure(high, percent),
               n=composite["n"]),
             composite["method"], composite["assumption"], *(w["message"] for w in found["warnings"]),
             found["alpha"]["message"]]
    departments = found["departments"]
    if departments:
        lines.append(departments["test"]["message"] if departments["test"] else departments["message"])
    return lines


def attachment_section(summary: Summary) -> statistics_pdf.Section:
    """The statistics and charts for the self-check attachment PDF, in the reader's language."""
    found = statistics_json(summary)
    estimate = chartdata.composite_estimate(found)
    return statistics_pdf.section(statistics_pdf.StatisticsPage(
        _("Statistics"), _sentences(found), estimate, threshold_words(estimate.percent, estimate.threshold),
        chartdata.distribution_bars(found), chartdata.department_heat(found), _("hidden"),
        statistics_pdf.ChartWords(
            str(COMPOSITE_HEADING) % {"level": 90},
            _("Composite satisfaction rate") if estimate.percent else _("Composite score"),
            _("%(level)s%% interval", level=90), _threshold_words(estimate), str(ANSWERS_HEADING),
            str(DEPARTMENTS_HEADING))))


def _threshold_words(estimate) -> str:
    """The threshold as the tally states it: "threshold 80% or more" or "threshold 80 points or more"."""
    if estimate.percent:
        return _("threshold %(t)s%% or more", t="%g" % (estimate.threshold * 100))
    return _("threshold %(t)s points or more", t="%g" % estimate.threshold)
