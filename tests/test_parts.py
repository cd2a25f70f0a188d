"""Long index pages in parts: stable names, every row in exactly one part, the seeds' pages whole."""

from __future__ import annotations

import re
from datetime import date

import pytest

from briefing.brief.actors import actor_index
from briefing.model import Happening
from briefing.pages import builders as myst
from briefing.pages.parts import filing_key, lettered_parts, timeline_parts


def names(parts):
    return {part.page: [str(row) for row in part.rows] for part in parts}


def test_a_name_is_filed_under_its_latin_letters_and_other_scripts_go_last():
    assert filing_key("Ó Briain") == "obriain"
    assert filing_key("Élysée Palace") == "elyseepalace"
    assert filing_key("'t Hooft") == "thooft"
    assert filing_key("윤석열") == filing_key("7-Eleven") == ""
    parts = lettered_parts(["윤석열", "bob", "Álvaro", "anna", "7-Eleven"], str, "actors", limit=10)
    assert names(parts) == {"actors-a": ["Álvaro", "anna"], "actors-b": ["bob"], "actors-other": ["7-Eleven", "윤석열"]}
    assert [p.label for p in parts] == ["A", "B", "Other"]


def test_a_letter_with_more_rows_than_a_part_holds_is_filed_by_two_letters_neighbours_packed():
    rows = ["Sam", "Sara", "Seo", "Sun", "Su", "Tom"]
    parts = lettered_parts(rows, str, "quotes", limit=3)
    assert names(parts) == {"quotes-sa": ["Sam", "Sara", "Seo"], "quotes-su": ["Su", "Sun"], "quotes-t": ["Tom"]}
    assert [p.label for p in parts] == ["Sa–Se", "Su", "T"]
    weighted = lettered_parts(["Sam", "Tom"], str, "quotes", weight=lambda name: 5, limit=4)
    assert [p.page for p in weighted] == ["quotes-sa", "quotes-to"]


def test_a_new_row_changes_only_the_part_it_is_filed_in():
    before = names(lettered_parts(["Abe", "Bo", "Cy"], str, "actors", limit=5))
    after = names(lettered_parts(["Abe", "Bo", "Cy", "Bea"], str, "actors", limit=5))
    assert {page for page in after if after[page] != before.get(page)} == {"actors-b"}


def happening(day: date, precision: str = "day") -> Happening:
    return Happening(day, None, precision, ())


def test_a_timeline_is_cut_by_century_then_decade_year_and_month_only_where_crowded():
    timeline = [happening(date(1950, 1, 1), "year"), happening(date(2016, 1, 1), "year"), happening(date(2016, 3, 2)),
                happening(date(2016, 3, 9)), happening(date(2016, 7, 1), "month"), happening(date(2024, 7, 9))]
    parts = timeline_parts(timeline, limit=3)
    assert [(p.page, p.label, len(p.rows)) for p in parts] == [
        ("timeline-1900-1999", "1900–1999", 1), ("timeline-2016", "2016, month not stated", 1),
        ("timeline-2016-03", "March–July 2016", 3), ("timeline-2020-2029", "2020–2029", 1)]
    assert [h for p in parts for h in p.rows] == timeline


def test_quiet_neighbouring_periods_share_a_part():
    timeline = [happening(date(2014, 1, 1)), happening(date(2015, 5, 1)), happening(date(2016, 1, 1), "year"),
                happening(date(2016, 3, 2))]
    assert [p.label for p in timeline_parts(timeline, limit=3)] == ["2014–2015", "2016"]
    assert [p.label for p in timeline_parts(timeline, limit=2)] == ["2014–2015", "2016"]
    assert [p.label for p in timeline_parts(timeline, limit=1)] == ["2014", "2015", "2016, month not stated", "March 2016"]


def test_the_seed_pages_stay_whole(seed_brief):
    pages = myst.render(seed_brief)
    assert not any(page.startswith(("timeline-", "actors-", "quotes-")) for page in pages)
    assert ":::{list-table}" in pages["timeline.md"] and "## All actors" in pages["actors.md"]


def front(text: str) -> dict:
    import yaml

    return yaml.safe_load(text.split("---\n")[1])


def table_rows(text: str) -> list[str]:
    """The first cell of each row of the page's list-tables, header rows left out."""
    cells = re.findall(r"^\* - (.*)$", text, re.M)
    return [c for c in cells if c not in ("Date", "Actor")]


def hidden_toctrees(text: str) -> list[str]:
    return [line for block in re.findall(r"```\{toctree\}\n:hidden:\n\n(.*?)\n```", text, re.S) for line in block.splitlines()]


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of at most three rows, so the two seed articles make long pages."""
    monkeypatch.setattr(myst, "PART_ROWS", 3)


def test_a_long_timeline_becomes_parts_that_hold_every_row_once(seed_brief, small_parts):
    whole = table_rows(myst.timeline_page(seed_brief))
    pages = myst.render(seed_brief)
    parts = [name[:-3] for name in pages if name.startswith("timeline-")]
    assert len(parts) > 1 and hidden_toctrees(pages["timeline.md"]) == parts
    assert ":::{list-table}" not in pages["timeline.md"]
    assert f"{len(seed_brief.timeline)} happenings, by period:" in pages["timeline.md"]
    assert [row for part in parts for row in table_rows(pages[f"{part}.md"])] == whole
    for part in parts:
        meta = front(pages[f"{part}.md"])
        assert meta["briefing"] == "part" and meta["part_of"] == "timeline" and meta["title"].startswith("Timeline: ")
        assert f"]({part}.md) · " in pages["timeline.md"]


def test_long_actors_keep_the_most_mentioned_on_their_page_and_every_actor_in_one_part(seed_brief, small_parts):
    actors = actor_index(seed_brief.analyses)
    whole = table_rows(myst.actors_page(seed_brief, actors))
    pages = myst.render(seed_brief)
    parts = [name[:-3] for name in pages if name.startswith("actors-")]
    index = pages["actors.md"]
    assert hidden_toctrees(index)[:len(parts)] == parts  # then the actors' own pages
    assert table_rows(index) == whole[:myst.ACTORS_ON_INDEX]
    assert f"## All {len(actors)} actors, A to Z" in index
    in_parts = [row for part in parts for row in table_rows(pages[f"{part}.md"])]
    assert sorted(in_parts) == sorted(whole) and len(in_parts) == len(whole)
    for part in parts:
        rows = table_rows(pages[f"{part}.md"])
        assert rows == sorted(rows, key=lambda row: (filing_key(row) or "\uffff", row.casefold(), row))


def test_long_quotes_are_filed_by_speaker_and_every_quotation_is_in_one_part(seed_brief, small_parts):
    actors = actor_index(seed_brief.analyses)
    by_id = {a.article.id: a for a in seed_brief.analyses}
    whole = myst.quotes_page(actors, by_id)
    pages = myst.render(seed_brief)
    parts = [name[:-3] for name in pages if name.startswith("quotes-")]
    index = pages["quotes.md"]
    assert hidden_toctrees(index) == parts
    quotations = lambda text: sorted(re.findall(r"^- .*\]\(.*#quote-\d+\)\)$|^- .*\]\([^)#]*\.md\)\)$", text, re.M))
    assert quotations(whole) and quotations("".join(pages[f"{p}.md"] for p in parts)) == quotations(whole)
    speakers = re.findall(r"^## (.*)$", whole, re.M)
    filed = [h for p in parts for h in re.findall(r"^## (.*)$", pages[f"{p}.md"], re.M)]
    assert sorted(filed) == sorted(h for h in speakers if h != "Speaker not named")
    assert "## Most quoted" in index and "## All speakers, A to Z" in index
    assert all(front(pages[f"{p}.md"])["part_of"] == "quotes" for p in parts)


def test_a_long_brief_lists_its_sources_on_the_sources_page_only(seed_brief, monkeypatch):
    monkeypatch.setattr(myst, "PART_ROWS", 1)
    pages = myst.render(seed_brief)
    assert "* - Outlet" not in pages["index.md"] and "on the [Sources](sources.md) page" in pages["index.md"]
    assert all(f"]({a.article.id}.md)" in pages["sources.md"] for a in seed_brief.analyses)


def test_parts_go_when_the_brief_no_longer_needs_them(seed_brief, tmp_path, monkeypatch):
    from briefing.pages.write import write_pages

    monkeypatch.setattr(myst, "PART_ROWS", 3)
    write_pages(myst.render(seed_brief), tmp_path / "generated")
    assert list((tmp_path / "generated").glob("actors-*.md"))
    monkeypatch.setattr(myst, "PART_ROWS", 300)
    report = write_pages(myst.render(seed_brief), tmp_path / "generated")
    assert not list((tmp_path / "generated").glob("actors-*.md")) and not list((tmp_path / "generated").glob("timeline-*.md"))
    assert any(path.name.startswith("quotes-") for path in report.removed)
