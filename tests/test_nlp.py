"""Parsing: batches of bounded size, long texts in pieces joined into one document, the same analyses in any process."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.analyse.nlp import PARALLEL_FROM, parse, pieces, processes


def test_many_texts_are_parsed_in_two_processes_and_few_in_one(monkeypatch):
    monkeypatch.delenv("BRIEFING_PROCESSES", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert processes(PARALLEL_FROM - 1) == 1 and processes(PARALLEL_FROM) == 2
    monkeypatch.setenv("BRIEFING_PROCESSES", "1")
    assert processes(1000) == 1


@given(st.text(st.sampled_from("ab .\n\"”A"), max_size=400), st.integers(5, 60))
def test_pieces_join_back_into_the_text_and_stay_within_their_size(text, size):
    found = pieces(text, size)
    assert "".join(found) == text
    assert all(len(piece) <= size for piece in found)
    assert all(piece for piece in found[:-1])


def test_a_long_text_is_cut_at_paragraph_ends_where_there_are_some():
    paragraph = "The council met on Monday. It agreed to open the harbour. "
    text = "\n\n".join(paragraph * 3 for _ in range(10))
    found = pieces(text, 500)
    assert len(found) > 1
    assert all(piece.endswith("\n\n") for piece in found[:-1])


def test_a_long_text_is_parsed_in_pieces_into_one_document_of_the_whole_text(nlp, monkeypatch):
    import briefing.analyse.nlp

    text = "\n\n".join(f"Minister Kim Min-jae {i} said on Monday that the harbour in Busan would stay open. "
                       "The council agreed." for i in range(40))
    whole = next(parse([text], nlp))
    monkeypatch.setattr(briefing.analyse.nlp, "PIECE_CHARS", 700)
    joined = next(parse([text, "A short one."], nlp))
    assert len(pieces(text, 700)) > 4
    assert joined.text == text
    assert [(t.idx, t.text) for t in joined] == [(t.idx, t.text) for t in whole]
    assert [s.start_char for s in joined.sents] == [s.start_char for s in whole.sents]  # cut at paragraph ends
    assert [(e.start_char, e.text, e.label_) for e in joined.ents] == [(e.start_char, e.text, e.label_) for e in whole.ents]
    assert all(0 <= t.head.i < len(joined) for t in joined)


def test_lemmas_asked_for_are_the_ones_the_lemmatizer_would_have_given(nlp):
    import spacy

    from briefing.analyse.nlp import ON_DEMAND, lemma, model_name

    text = ("The ministers were saying that talks had continued; officials went to Seoul, and the leaders "
            "told reporters they are going to meet again. Yoon's aides warned of better days ahead.")
    assert ON_DEMAND not in nlp.pipe_names  # not run over every token
    parsed = next(parse([text], nlp))
    assert [t.lemma_ for t in parsed if t.text in ("saying", "ministers")] == ["", ""]
    full = spacy.load(model_name())
    expected = [token.lemma_ for token in full(text)]
    assert [lemma(token) for token in parsed] == expected
    assert "say" in expected and "go" in expected


def test_analyses_made_in_two_worker_processes_are_the_ones_made_in_one(nlp, monkeypatch):
    from briefing.analyse import article as analysis
    from briefing.pipeline import load_articles
    from conftest import ROOT

    articles, _ = load_articles([ROOT / "seeds", ROOT / "tests" / "fixtures" / "articles"])
    articles = articles[:12]
    monkeypatch.setattr(analysis, "SHARE", 2)  # several shares for two processes
    monkeypatch.setenv("BRIEFING_PROCESSES", "2")
    shared = dict(analysis.analyse_in_workers(articles, nlp, 3))
    alone = list(analysis.analyse(articles, nlp))
    assert len(alone) == len(articles) >= 6
    assert [shared[i] for i in range(len(articles))] == alone
