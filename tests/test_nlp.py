"""Parsing: the same documents whether one process parses them or two."""

from __future__ import annotations

from briefing.nlp import PARALLEL_FROM, parse, processes


def test_many_texts_are_parsed_in_two_processes_and_few_in_one(monkeypatch):
    monkeypatch.delenv("BRIEFING_PROCESSES", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert processes(PARALLEL_FROM - 1) == 1 and processes(PARALLEL_FROM) == 2
    monkeypatch.setenv("BRIEFING_PROCESSES", "1")
    assert processes(1000) == 1


def test_two_processes_give_the_same_parses_in_the_same_order(nlp):
    texts = [f"Minister {i} said on Monday that the harbour would stay open.\n\nThe council agreed." for i in range(6)]
    alone = [[(t.text, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc] for doc in parse(texts, nlp, n_process=1)]
    shared = [[(t.text, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc] for doc in parse(texts, nlp, n_process=2)]
    assert shared == alone


def test_lemmas_asked_for_are_the_ones_the_lemmatizer_would_have_given(nlp):
    import spacy

    from briefing.nlp import ON_DEMAND, lemma, model_name

    text = ("The ministers were saying that talks had continued; officials went to Seoul, and the leaders "
            "told reporters they are going to meet again. Yoon's aides warned of better days ahead.")
    assert ON_DEMAND not in nlp.pipe_names  # not run over every token
    parsed = next(parse([text], nlp))
    assert [t.lemma_ for t in parsed if t.text in ("saying", "ministers")] == ["", ""]
    full = spacy.load(model_name())
    expected = [token.lemma_ for token in full(text)]
    assert [lemma(token) for token in parsed] == expected
    assert "say" in expected and "go" in expected


def test_analyses_made_in_two_processes_are_the_ones_made_in_one(nlp, monkeypatch):
    from briefing import analysis
    from briefing.pipeline import load_articles

    from conftest import ROOT

    articles, _ = load_articles([ROOT / "seeds", ROOT / "tests" / "fixtures" / "articles"])
    articles = articles[:12]
    monkeypatch.setattr(analysis, "SHARE", 2)  # several shares for two processes
    monkeypatch.setenv("BRIEFING_PROCESSES", "2")
    shared = list(analysis.analyse(articles, nlp))
    monkeypatch.setenv("BRIEFING_PROCESSES", "1")
    alone = list(analysis.analyse(articles, nlp))
    assert len(alone) == len(articles) >= 6
    assert [a.article.id for a in shared] == [a.id for a in articles]
    assert shared == alone
