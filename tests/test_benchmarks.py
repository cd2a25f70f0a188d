"""The benchmark scripts run on data in the eval format and skip cleanly when it is absent."""

from __future__ import annotations

import json

from conftest import load_benchmark as load


def test_headline_benchmark_skips_without_data(tmp_path, capsys):
    assert load("headlines").main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_headline_benchmark_counts_matches_and_misses(tmp_path, capsys):
    records = [
        {"title": "Council keeps the harbour open", "text": "Council keeps the harbour open\n\nThe council voted on Tuesday to keep the harbour open for another five years, the mayor said.\n"},
        {"title": "A title the text does not carry", "text": "Ferry timetable changes\n\nThe ferry company said on Monday that the first sailing will leave an hour later from July.\n"},
    ]
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert load("headlines").main([str(data), "--show-misses"]) == 1  # 50% is under the target
    out = capsys.readouterr().out
    assert "1/2 = 50.0%" in out
    assert "got: Ferry timetable changes" in out


def span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def test_quote_benchmark_skips_without_data(tmp_path, capsys):
    assert load("quotes").main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_quote_scoring_follows_the_two_sided_overlap_convention():
    quotes = load("quotes")
    text = 'The mayor said the plan "would fail badly." "We will not close it," Jane Doe said on Monday.'
    record = {"attributions": [
        {"direct": True, "source": [span(text, "The mayor")], "content": [span(text, 'the plan "would fail badly."')]},
        {"direct": True, "source": [span(text, "Jane Doe")], "content": [span(text, '"We will not close it,"')]},
        {"direct": False, "source": [span(text, "Jane Doe")], "content": [span(text, "on Monday")]},
    ]}
    jane = span(text, "Jane Doe")
    predictions = [
        quotes.Prediction([(text.index('"would'), text.index('badly."') + 7)], None),  # the quoted words only
        quotes.Prediction([(span(text, '"We will not close it,"')["start"], span(text, '"We will not close it,"')["end"])],
                          (jane["start"], jane["end"])),
        quotes.Prediction([(0, 3)], None),  # "The": matches nothing
    ]
    score = quotes.Score()
    quotes.score_article(record, predictions, score)
    assert (score.gold, score.predicted) == (2, 3)
    assert score.matched == {0.3: 2, 0.8: 1}  # the partial quote covers 15 of 28 gold characters
    assert score.speaker_right == 1
    assert "speaker accuracy (matched at 30%): 0.500" in score.report("test")


def test_quote_folds_are_fixed_by_the_article_and_reported_with_their_spread():
    quotes = load("quotes")
    records = [{"article": f"article-{n}"} for n in range(200)]
    folds = [quotes.fold(record) for record in records]
    assert folds == [quotes.fold(record) for record in records]  # the same article, the same fold, every run
    assert set(folds) == set(range(quotes.FOLDS))
    scores = [quotes.Score() for _ in range(quotes.FOLDS)]
    for k, score in enumerate(scores):
        score.gold = score.predicted = 10
        score.matched = {0.3: 5 + k, 0.8: 5}
    line = quotes.summary_line("test", scores)
    assert "F1 0.700 at 30%" in line  # pooled: 35 of 50
    assert "F1 30% 0.700 (0.500 to 0.900)" in line  # the folds' mean and range


def test_summary_benchmark_skips_without_data(tmp_path, capsys):
    assert load("summary").main([str(tmp_path / "absent.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("skipped:")


def test_summary_scoring_ignores_space_and_quote_style_and_short_spans():
    summary = load("summary")
    reference = summary.normalised("Short one here.The mayor said the “harbour wall” will be  repaired.")
    assert summary.in_reference('The mayor said the "harbour wall" will be repaired.', reference)
    assert not summary.in_reference("Short one here.", reference)  # under 20 characters
    assert not summary.in_reference("The mayor said the wall will be repaired.", reference)


def test_lexrank_prefers_the_sentence_the_others_share_words_with():
    summary = load("summary")
    sentences = [
        "Gulls wheeled over the boats at dawn.",
        "The council voted to keep the harbour open for fishing boats.",
        "The harbour vote came after a long debate in the council.",
        "Fishing crews welcomed the council vote on the harbour.",
        "An old man sold coffee from a van.",
    ]
    assert summary.lexrank(sentences, length=1) == [1]
    assert summary.lexrank(sentences, length=1, threshold=None) == [1]
    assert summary.lexrank(sentences[:2], length=3) == [0, 1]


def test_summary_benchmark_scores_every_system_on_the_same_sentences(tmp_path, capsys, nlp):
    first = [
        "The town council voted on Tuesday to keep the harbour open for ten more years.",
        "Fishing crews had warned that a closure would end fishing in the town for good.",
        'The mayor said the "harbour wall" would be repaired with borrowed money next year.',
        "An old man sold coffee from a green van to the crews waiting on the quay.",
    ]
    second = [
        "The ferry company said on Monday that the first sailing will leave an hour later.",
        "Passengers on the island will have to wait longer for the morning ferry from July.",
        "The company blamed the later start on a shortage of crew for the early shift.",
        "Island councillors said they would ask the company to change its timetable again.",
    ]
    records = [
        {"id": "local/001", "title": "Council keeps the harbour open", "text": "Council keeps the harbour open\n\n" + "\n\n".join(first) + "\n",
         "reference_summary": first[2].replace('"harbour wall"', "“harbour  wall”") + first[0]},
        {"id": "local/002", "title": "Ferry timetable changes", "text": "Ferry timetable changes\n\n" + "\n\n".join(second) + "\n",
         "reference_summary": second[3] + second[1]},
    ]
    data = tmp_path / "odd.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert load("summary").main([str(data), "--part", "all"]) == 0
    out = capsys.readouterr().out
    rows = {line[:22].strip(): line[22:].split() for line in out.splitlines() if line[:22].strip() in
            {"briefing", "Lead-3", "LexRank", "LexRank, corpus IDF", "LexRank, continuous"}}
    assert len(rows) == 5
    assert rows["Lead-3"][:3] == ["6", "3", "0.500"]  # 2 of the first article's lead, 1 of the second's
    assert all(row[0] == "6" for row in rows.values())  # every system picks three sentences of each
    assert "ratio briefing / max(Lead-3, LexRank) = " in out
    assert "bottom line in the reference: " in out


def test_summary_benchmark_leaves_out_an_article_briefing_fails_on(tmp_path, capsys, nlp, monkeypatch):
    import briefing.analyse.article

    find_quotes = briefing.analyse.article.find_quotes

    def failing(doc, *args):
        if "Broken" in doc.text:
            raise ValueError("broken article")
        return find_quotes(doc, *args)

    monkeypatch.setattr(briefing.analyse.article, "find_quotes", failing)
    texts = ["Broken harbour\n\nBroken sentences about the harbour go on for long enough to count here.\n",
             "Ferry changes\n\nThe ferry company said on Monday that the first sailing will leave an hour later.\n"]
    records = [{"id": f"local/{i}", "title": "t", "text": text, "reference_summary": ""} for i, text in enumerate(texts)]
    data = tmp_path / "odd.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert load("summary").main([str(data), "--part", "all"]) == 0
    out = capsys.readouterr().out
    assert "failed on 1 articles, left out for every system: local/0" in out
    assert [line.split()[1] for line in out.splitlines() if line.startswith("Lead-3")] == ["1"]
