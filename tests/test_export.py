"""The JSON contract of `briefing extract --json`, checked against the schema kept in the repo."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.export import brief_record, schema
from conftest import MENACE, ROOT


@pytest.fixture(scope="module")
def extracted(nlp, monkeypatch_module):
    monkeypatch_module.chdir(ROOT)
    result = CliRunner().invoke(main, ["extract", "--json", "seeds/000_47eb9ec3281c3aec.txt", "seeds/001_3a90daa9eccd1bea.txt"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


def test_extract_output_follows_the_schema(extracted):
    jsonschema.validate(extracted, schema())


def test_schema_rejects_a_quote_without_offsets(seed_brief):
    record = brief_record(seed_brief)
    del record["articles"][0]["quotes"][0]["start"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema())


def test_two_seed_articles_with_their_metadata(extracted):
    articles = {a["path"]: a for a in extracted["articles"]}
    assert set(articles) == {"seeds/000_47eb9ec3281c3aec.txt", "seeds/001_3a90daa9eccd1bea.txt"}
    dong_a = articles["seeds/001_3a90daa9eccd1bea.txt"]
    assert dong_a["published"] == "2024-07-09"
    assert dong_a["authors"] == ["Na-Ri Shin"]
    assert articles["seeds/000_47eb9ec3281c3aec.txt"]["authors"] == ["Kwak Yeon-soo"]


def test_menace_quote_has_speaker_yoon(extracted):
    quotes = [q for a in extracted["articles"] for q in a["quotes"] if MENACE in q["text"]]
    assert len(quotes) == 1
    assert quotes[0]["speaker"]["name"] == "Yoon Suk Yeol"


def test_offsets_point_into_the_decoded_file(extracted):
    for article in extracted["articles"]:
        text = (ROOT / article["path"]).read_bytes().decode(article["encoding"])
        for item in article["summary"] + article["quotes"] + article["dates"]:
            assert text[item["start"]:item["end"]] == item["text"]
        for actor in article["actors"]:
            for mention in actor["mentions"]:
                assert text[mention["start"]:mention["end"]] == mention["text"]


def test_no_actor_is_an_author_or_a_boilerplate_line(extracted):
    for article in extracted["articles"]:
        names = {a["name"] for a in article["actors"]}
        assert not names & set(article["authors"])
        assert not names & {"Top 10 Stories", "LETTER", "Sign up for eNewsletter", "Go to contents"}


def test_events_list_the_story_with_both_articles(extracted):
    assert [sorted(e["articles"]) for e in extracted["events"]] == [["000_47eb9ec3281c3aec", "001_3a90daa9eccd1bea"]]


def test_saved_page_carries_its_text_and_offsets_point_into_it(nlp):
    result = CliRunner().invoke(main, ["extract", "--json", str(ROOT / "tests/fixtures/articles/saved_newspaper.html")])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema())
    (article,) = document["articles"]
    assert article["form"] == "html"
    assert article["outlet"] == "The Northgate Courier"
    assert article["deck"]["text"].startswith("Engineers say the Elswick Reach barrier")
    text = article["text"]
    spans = [article["title_span"], article["deck"], *article["summary"], *article["captions"],
             *article["quotes"], *[m for a in article["actors"] for m in a["mentions"]]]
    assert len(spans) > 10
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"]


def test_extract_gives_what_the_pages_show_key_quotes_brief_actors_and_story_actors(extracted):
    articles = {a["id"]: a for a in extracted["articles"]}
    for article in articles.values():
        ids = [q["id"] for q in article["quotes"]]
        assert len(set(ids)) == len(ids) and all(i.startswith("quote-") for i in ids)
        assert set(article["key_quotes"]) <= set(ids) and 1 <= len(article["key_quotes"]) <= 3
    actors = {a["id"]: a for a in extracted["actors"]}
    assert len(actors) == len(extracted["actors"])
    for actor in actors.values():
        for appearance in actor["appearances"]:
            article = articles[appearance["article"]]
            assert appearance["actor"] in {a["id"] for a in article["actors"]}
            assert set(appearance["quotes"]) <= {q["id"] for q in article["quotes"]}
    yoon = next(a for a in actors.values() if a["name"] == "Yoon Suk Yeol")
    assert {p["article"] for p in yoon["appearances"]} == set(articles) and yoon["page"]
    assert any(MENACE in q["text"] for p in yoon["appearances"] for q in articles[p["article"]]["quotes"] if q["id"] in p["quotes"])
    [story] = extracted["events"]
    assert {a["id"] for a in story["actors"]} <= set(actors) and yoon["id"] in {a["id"] for a in story["actors"]}
    network = extracted["network"]
    assert network["links"] and {"Yoon Suk Yeol", "Russia"} <= {a["name"] for a in network["actors"]}
