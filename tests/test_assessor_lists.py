"""The assessor's home at a glance (counts per state, the first waiting declarations, each with the way to its
list) and the paged lists behind it: a cycle's declarations and the named titles, 50 a page, filtered by state
and name; past the last page a page that says so. The home's SQL statements do not grow with the declarations."""
import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from browser_support import fits_the_phone, sign_in_page
from declaration_support import YEAR, qualified_vote
from office_support import sign_in
from survey.data.enums import DeclarationState, TitleState
from survey.data.models import Cycle, Declaration, Enterprise, Objection, Seal, Title
from survey.data.paging import PAGE_SIZE
from survey.domain.cycle_overview import SHOWN
from survey.web.assessor.home import DUE_SHOWN
from survey.web.common import local_today

S = DeclarationState


def _cycle(session, jurisdiction: int, year: int = YEAR) -> int:
    cycle = Cycle(jurisdiction_id=jurisdiction, year=year, notice_days=7, min_scores={}, example_scheme=True)
    session.add(cycle)
    session.flush()
    return cycle.id


def _declarations(session, world, vote: int, cycle: int, states: list[str], notice_ends=None) -> list[int]:
    """One new enterprise of the east district per state, each with a declaration in that state, in this order."""
    sha = session.get(Seal, vote).sha256
    start = session.query(Enterprise).count()
    made = []
    for n, state in enumerate(states, start):
        enterprise = Enterprise(name=f"生成{n:04d}号公司", credit_code=f"G{n:017d}", headcount=10,
                                jurisdiction_id=world.east, departments=[])
        session.add(enterprise)
        session.flush()
        found = Declaration(cycle_id=cycle, enterprise_id=enterprise.id, level="A", campaign_id=vote, seal_sha256=sha,
                            state=state, notice_ends=notice_ends if state == S.ON_NOTICE else None)
        session.add(found)
        session.flush()
        made.append(found.id)
    session.commit()
    return made


def _page(client, path: str, status: int = 200) -> str:
    answer = client.get(path)
    assert answer.status_code == status, (path, answer.status_code)
    return answer.get_data(as_text=True)


def _section(page: str, marker: str) -> str:
    return page.split(marker)[1].split("</section>")[0]


def _counts(section: str) -> dict[str, int]:
    return {state: int(n) for state, n in re.findall(r'data-state="(\w+)">(?:<a [^>]*>)?(\d+)', section)}


def _rows(page: str) -> int:
    return page.split('id="declarations"')[1].split("</tbody>")[0].count("<tr><td>")


def test_the_home_counts_each_cycles_declarations_per_state_and_shows_the_first_waiting(api, world, session, client):
    vote = qualified_vote(api, world.a)
    busy, empty = _cycle(session, world.east), _cycle(session, world.east, YEAR - 1)
    states = [S.SUBMITTED] * 3 + [S.NAMED, S.UNDER_ASSESSMENT, S.IN_REVIEW, S.ON_NOTICE, S.ASSESSED, S.DRAFT]
    made = _declarations(session, world, vote, busy, states)
    sign_in(client, "assessor_east")
    home = _page(client, "/assessor")
    counted = _counts(_section(home, f'id="cycle-{busy}"'))
    assert counted == {state: states.count(state) for state in DeclarationState}
    assert f'href="/cycles/{busy}?state=submitted#declarations-list">3</a>' in home
    waiting = _section(home, f'id="cycle-{busy}"').split('class="waiting"')[1].split("</ul>")[0]
    shown = [int(n) for n in re.findall(r'href="/declarations/(\d+)"', waiting)]
    assert shown == [d for d, state in zip(made, states) if state in (S.SUBMITTED, S.UNDER_ASSESSMENT, S.ASSESSED,
                                                                     S.IN_REVIEW)][:SHOWN] and len(shown) == SHOWN
    assert f'href="/cycles/{busy}?state=waiting#declarations-list" class="more-waiting"' in home
    assert f"全部 {len(states)} 份申报" in home
    nothing = _section(home, f'id="cycle-{empty}"')  # a cycle without a declaration: every count 0, none waiting
    assert _counts(nothing) == dict.fromkeys(DeclarationState, 0) and 'class="waiting"' not in nothing
    assert "没有待办的申报" in nothing and "more-waiting" not in nothing
    sign_in(client, "assessor_west")
    assert f'id="cycle-{busy}"' not in _page(client, "/assessor")


def test_the_home_lists_all_waiting_without_a_more_link_when_they_fit(api, world, session, client):
    vote = qualified_vote(api, world.a)
    cycle = _cycle(session, world.east)
    made = _declarations(session, world, vote, cycle, [S.SUBMITTED] * SHOWN + [S.NAMED])
    sign_in(client, "assessor_east")
    section = _section(_page(client, "/assessor"), f'id="cycle-{cycle}"')
    assert [int(n) for n in re.findall(r'href="/declarations/(\d+)"', section)] == made[:SHOWN]
    assert "more-waiting" not in section


def test_a_cycles_declarations_are_paged_with_exactly_one_page_and_one_more(api, world, session, client):
    vote = qualified_vote(api, world.a)
    cycle = _cycle(session, world.east)
    made = _declarations(session, world, vote, cycle, [S.SUBMITTED] * PAGE_SIZE)
    sign_in(client, "assessor_east")
    one = _page(client, f"/cycles/{cycle}")
    assert _rows(one) == PAGE_SIZE and 'class="pager"' not in one and f"第 1–{PAGE_SIZE} 条，共 {PAGE_SIZE} 条" in one
    made += _declarations(session, world, vote, cycle, [S.NAMED])
    first = _page(client, f"/cycles/{cycle}")
    assert _rows(first) == PAGE_SIZE and f'href="/declarations/{made[-1]}"' not in first
    assert f'href="/cycles/{cycle}?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert "第 1 页，共 2 页" in first
    last = _page(client, f"/cycles/{cycle}?page=2")
    assert _rows(last) == 1 and f'href="/declarations/{made[-1]}"' in last and f'href="/declarations/{made[0]}"' \
        not in last
    assert 'rel="next"' not in last and f'href="/cycles/{cycle}?page=1" rel="prev"' in last and "第 2 页，共 2 页" in last
    beyond = _page(client, f"/cycles/{cycle}?page=7", 404)  # past the last: says so, with the way back
    assert 'id="no-such-page"' in beyond and "没有第 7 页" in beyond and 'id="declarations"' not in beyond
    assert f'href="/cycles/{cycle}?page=2" rel="last"' in beyond
    assert f'href="/cycles/{cycle}?page=1" rel="first"' in beyond
    for odd in ("0", "-1", "x"):  # not a page number: the first page
        assert _rows(_page(client, f"/cycles/{cycle}?page={odd}")) == PAGE_SIZE


def test_a_cycles_declarations_are_filtered_by_state_and_name_across_pages(api, world, session, client):
    vote = qualified_vote(api, world.a)
    cycle = _cycle(session, world.east)
    made = _declarations(session, world, vote, cycle, [S.NAMED] * PAGE_SIZE + [S.SUBMITTED, S.IN_REVIEW, S.DRAFT])
    sign_in(client, "assessor_east")
    waiting = _page(client, f"/cycles/{cycle}?state=waiting")
    assert _rows(waiting) == 2 and 'class="pager"' not in waiting
    assert all(f'href="/declarations/{d}"' in waiting for d in made[PAGE_SIZE:PAGE_SIZE + 2])
    assert _rows(_page(client, f"/cycles/{cycle}?state=named")) == PAGE_SIZE
    assert _rows(_page(client, f"/cycles/{cycle}?state=draft")) == 1
    named = session.get(Declaration, made[3]).enterprise.name
    found = _page(client, f"/cycles/{cycle}?q={named[2:]}")
    assert _rows(found) == 1 and f'href="/declarations/{made[3]}"' in found and f'value="{named[2:]}"' in found
    assert "没有符合条件的申报" in _page(client, f"/cycles/{cycle}?state=on_notice")
    everything = _page(client, f"/cycles/{cycle}?page=2")
    assert _rows(everything) == 3  # no filter: all 53, the last three on page 2
    kept = _page(client, f"/cycles/{cycle}?state=named&q=生成")  # a filter is kept in the links between pages
    assert _rows(kept) == PAGE_SIZE and 'class="pager"' not in kept
    sign_in(client, "assessor_west")
    assert client.get(f"/cycles/{cycle}?page=2").status_code == 403


def _titles(session, declarations: list[int], state: str, deadline=None) -> None:
    for d in declarations:
        declaration = session.get(Declaration, d)
        session.add(Title(declaration_id=d, enterprise_id=declaration.enterprise_id, state=state, deadline=deadline,
                          reasons=[]))
    session.commit()


def test_the_named_titles_are_counted_at_home_and_paged_in_their_list(api, world, session, client, app):
    vote = qualified_vote(api, world.a)
    cycle = _cycle(session, world.east)
    made = _declarations(session, world, vote, cycle, [S.NAMED] * (PAGE_SIZE + 2))
    with app.test_request_context():
        today = local_today()
    _titles(session, made[:PAGE_SIZE], TitleState.NAMED)
    _titles(session, made[PAGE_SIZE:PAGE_SIZE + 1], TitleState.YELLOW_CARD, today + timedelta(days=2))
    _titles(session, made[PAGE_SIZE + 1:], TitleState.DELISTED)
    sign_in(client, "assessor_east")
    home = _page(client, "/assessor")
    assert _counts(home.split('class="title-states"')[1].split("</table>")[0]) == \
        {"named": PAGE_SIZE, "yellow_card": 1, "delisted": 1, "revoked": 0}
    assert 'href="/assessor/titles?state=delisted">1</a>' in home and 'id="titles"' not in home
    first = _page(client, "/assessor/titles")  # standing: named and yellow cards, 51 of them
    listed = first.split('id="titles"')[1].split("</ul>")[0]
    assert listed.count("<li>") == PAGE_SIZE and 'href="/assessor/titles?page=2" rel="next"' in first
    assert _page(client, "/assessor/titles?page=2").split('id="titles"')[1].split("</ul>")[0].count("<li>") == 1
    delisted = _page(client, "/assessor/titles?state=delisted")
    assert delisted.count(f'/assessor/enterprises/{session.get(Declaration, made[-1]).enterprise_id}/title"') == 1
    assert 'class="pager"' not in delisted
    yellow = _page(client, "/assessor/titles?state=yellow_card")
    assert f"{(today + timedelta(days=2)).isoformat()} 前整改" in yellow
    beyond = _page(client, "/assessor/titles?page=3", 404)
    assert "没有第 3 页" in beyond and 'href="/assessor/titles?page=2" rel="last"' in beyond
    assert "没有符合条件的称号" in _page(client, "/assessor/titles?state=revoked")
    sign_in(client, "assessor_west")
    assert 'id="titles"' not in _page(client, "/assessor/titles")  # none named in the west
    sign_in(client, "chair_a")
    assert client.get("/assessor/titles").status_code == 403


def _statements(app, client, path: str) -> int:
    sent = []

    def count(*_args):
        sent.append(1)
    engine = app.extensions["harmony.engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


TITLES = (TitleState.YELLOW_CARD, TitleState.NAMED, TitleState.YELLOW_CARD, TitleState.DELISTED, TitleState.YELLOW_CARD,
          TitleState.REVOKED)  # every state, half of them yellow cards due tomorrow


def _busy_cycle(session, world, vote: int, cycle: int, today, times: int) -> None:
    """``times`` declarations in each state, titles of every state and open objections on those on notice."""
    made = _declarations(session, world, vote, cycle, list(DeclarationState) * times, today + timedelta(days=3))
    named = [d for d in made if session.get(Declaration, d).state == S.NAMED]
    for d in made:
        if session.get(Declaration, d).state == S.ON_NOTICE:
            session.add(Objection(declaration_id=d, code_hash=hashlib.sha256(str(d).encode()).hexdigest(), text="异议",
                                  lodged_on=today))
    for n, d in enumerate(named):
        declaration, state = session.get(Declaration, d), TITLES[n % len(TITLES)]
        session.add(Title(declaration_id=d, enterprise_id=declaration.enterprise_id, state=state, reasons=[],
                          deadline=today + timedelta(days=1) if state == TitleState.YELLOW_CARD else None))
    session.commit()


def test_the_homes_statements_do_not_grow_with_the_declarations(api, world, session, client, app):
    vote = qualified_vote(api, world.a)
    with app.test_request_context():
        today = local_today()
    first, second = _cycle(session, world.east), _cycle(session, world.east, YEAR - 1)
    _busy_cycle(session, world, vote, first, today, 1)
    _busy_cycle(session, world, vote, second, today, 1)
    sign_in(client, "assessor_east")
    client.get("/assessor")
    few = _statements(app, client, "/assessor")
    _busy_cycle(session, world, vote, first, today, 12)  # 13 times as many: every list at home now overflows
    _busy_cycle(session, world, vote, second, today, 12)
    home = _page(client, "/assessor")
    assert "more-waiting" in home and home.count('class="objections-open"') == 2
    assert home.split('id="due"')[1].split("</ul>")[0].count("<li>") == DUE_SHOWN  # 14 due, the nearest shown
    assert 'href="/assessor/titles?state=yellow_card" id="more-due"' in home and "（14 张到期或临近）" in home
    assert _statements(app, client, "/assessor") == few


@pytest.mark.browser
def test_the_home_and_the_paged_lists_fit_a_phone_without_javascript(live_server, app, api, world, session,
                                                                     phone_context):
    vote = qualified_vote(api, world.a)
    with app.test_request_context():
        today = local_today()
    cycle = _cycle(session, world.east)
    _busy_cycle(session, world, vote, cycle, today, 8)  # 80 declarations: two pages
    page = phone_context(java_script_enabled=False).new_page()
    sign_in_page(page, live_server.url, "assessor_east")
    page.goto(f"{live_server.url}/assessor")
    assert fits_the_phone(page) and page.locator(f"#cycle-{cycle} .waiting li").count() == SHOWN
    page.click(f"#cycle-{cycle} .more-waiting")
    assert page.locator("#declarations tbody tr").count() == 4 * 8 and fits_the_phone(page)
    page.select_option("#filters select[name=state]", "")
    page.click("#filters button")
    assert page.locator("#page-of").inner_text() == "第 1 页，共 2 页" and fits_the_phone(page)
    page.click(".pager a[rel=next]")
    assert page.locator("#declarations tbody tr").count() == 80 - PAGE_SIZE and fits_the_phone(page)
    page.goto(f"{live_server.url}/assessor/titles?page=5")
    assert page.locator("#no-such-page").count() == 1 and fits_the_phone(page)
    page.click(".pager a[rel=last]")
    assert page.locator("#titles li").count() > 0 and fits_the_phone(page)
