"""Summaries and bottom lines: sentences chosen for importance, shown in order; a story merged across outlets."""

from __future__ import annotations

from briefing.analyse.summary import summarise
from briefing.brief.summary import content_words, summarise_story
from briefing.model import Cited, Span
from conftest import analysed_article

HEADLINE = "Council votes to keep the harbour open"

# A colourful opening, then the story: what the council decided, and what follows from it.
HARBOUR = [
    "On a grey morning, gulls wheeled over the fishing boats while an old man sold coffee from a battered green van.",
    "The town council voted on Tuesday to keep the harbour open to fishing boats for another ten years.",
    "The harbour vote followed months of debate over whether the council could afford to repair the harbour wall.",
    "Fishing crews had warned the council that closing the harbour would end fishing in the town.",
    "Mayor Jane Doe said the council would borrow money to repair the harbour wall next year.",
    "The repair of the harbour wall will cost the council about four million pounds.",
]


def analysed(nlp, *paragraphs: str, headline: str = HEADLINE, length: int = 3):
    return analysed_article(nlp, headline, *paragraphs, summary_length=length)


def test_a_sentence_central_to_the_article_beats_a_colourful_early_one(nlp):
    analysis = analysed(nlp, *HARBOUR, length=2)
    texts = [s.text for s in analysis.summary]
    assert HARBOUR[0] not in texts
    assert HARBOUR[1] in texts


def test_summary_is_in_article_order_and_traceable(nlp):
    analysis = analysed(nlp, *HARBOUR, length=4)
    assert len(analysis.summary) == 4
    assert [s.start for s in analysis.summary] == sorted(s.start for s in analysis.summary)
    text = analysis.article.source.text
    assert all(text[s.start:s.end] == s.text for s in analysis.summary)
    assert set(analysis.summary) <= set(analysis.sentences)


def test_no_sentence_repeats_another(nlp):
    repeated = "The town council voted on Tuesday to keep the harbour open to fishing boats for ten more years."
    analysis = analysed(nlp, *HARBOUR[:2], repeated, *HARBOUR[2:], length=3)
    texts = [s.text for s in analysis.summary]
    assert not (HARBOUR[1] in texts and repeated in texts)
    words = [content_words(t) for t in texts]
    assert all(len(a & b) / min(len(a), len(b)) < 0.8 for i, a in enumerate(words) for b in words[i + 1:])


def test_short_sentences_and_captions_are_left_out(nlp):
    caption = "A crane lifts a crate onto a lorry beside the quay at dawn (AP Photo/Jane Doe)."
    doc = nlp(" ".join(["The harbour stays open.", caption, *HARBOUR[1:]]))
    bounds = [(s.start_char, s.end_char) for s in doc.sents]
    chosen = summarise(doc, bounds, [], length=len(bounds))
    texts = [doc.text[s:e] for s, e in (bounds[i] for i in chosen.sentences)]
    assert "The harbour stays open." not in texts
    assert caption not in texts
    assert chosen.bottom_line in chosen.sentences


def test_bottom_line_is_the_sentence_that_reports_not_a_quote(nlp):
    quote = "“We will keep this harbour open for as long as there are boats to fill it,” the mayor said."
    analysis = analysed(nlp, quote, *HARBOUR[1:])
    assert analysis.bottom_line == next(s for s in analysis.sentences if s.text == HARBOUR[1])
    text = analysis.article.source.text
    assert text[analysis.bottom_line.start:analysis.bottom_line.end] == HARBOUR[1]


def test_bottom_line_of_the_seed_articles_is_their_lead(seed_analyses):
    for analysis in seed_analyses.values():
        assert analysis.bottom_line in analysis.sentences
        assert analysis.bottom_line.text.startswith("President Yoon Suk Yeol")


def test_an_article_without_sentences_has_no_summary(nlp):
    doc = nlp("")
    assert summarise(doc, [], []).sentences == []
    assert summarise(doc, [], []).bottom_line is None


# --- stories ------------------------------------------------------------------------------------


def spans(text: str) -> list[Span]:
    """The sentences of a small text (one a line), as spans of it."""
    found, start = [], 0
    for line in text.split("\n"):
        found.append(Span(line, start, start + len(line)))
        start += len(line) + 1
    return found


OUTLET_A = spans(
    "The town council voted on Tuesday to keep the harbour open to fishing boats for ten more years.\n"
    "The repair of the harbour wall will cost about four million pounds.\n"
    "Mayor Jane Doe said the council would borrow the money."
)
OUTLET_B = spans(
    "On Tuesday the town council voted to keep the harbour open to fishing boats for ten more years.\n"
    "Fishing crews celebrated outside the town hall after the vote.\n"
    "Opposition councillors said the borrowing would burden taxpayers for decades."
)


def test_story_summary_keeps_one_of_two_outlets_near_identical_sentences():
    _bottom_line, summary = summarise_story([("a", OUTLET_A, OUTLET_A), ("b", OUTLET_B, OUTLET_B)], length=10)
    texts = [c.span.text for c in summary]
    assert (OUTLET_A[0].text in texts) != (OUTLET_B[0].text in texts)
    assert OUTLET_A[0].text in texts  # the version of the first-given article stays
    assert len(summary) == 5  # everything else is said once
    assert all(isinstance(c, Cited) for c in summary)


def test_story_bottom_line_is_what_the_outlets_agree_on():
    bottom_line, _ = summarise_story([("a", OUTLET_A, OUTLET_A), ("b", OUTLET_B, OUTLET_B)])
    assert bottom_line == Cited("a", OUTLET_A[0])


def test_story_summary_is_ordered_by_article_then_position_and_respects_length():
    _, summary = summarise_story([("a", OUTLET_A, OUTLET_A), ("b", OUTLET_B, OUTLET_B)], length=3)
    assert len(summary) == 3
    keys = [(["a", "b"].index(c.article), c.span.start) for c in summary]
    assert keys == sorted(keys)


def test_story_of_nothing():
    assert summarise_story([]) == (None, [])
    assert summarise_story([("a", [], [])]) == (None, [])


def test_one_article_story_keeps_its_candidates_in_order():
    bottom_line, summary = summarise_story([("a", OUTLET_A, [])], length=3)
    assert bottom_line == Cited("a", OUTLET_A[0])
    assert [c.span for c in summary] == OUTLET_A


def test_a_missing_bottom_line_and_a_span_given_twice_count_once():
    _, summary = summarise_story([("a", [None, OUTLET_A[0], *OUTLET_A], OUTLET_A)], length=5)
    assert [c.span for c in summary] == OUTLET_A


def test_a_very_long_article_is_summarised_from_its_first_sentences_in_bounded_time(nlp):
    from briefing.analyse.summary import MAX_SENTENCES

    sentences = [f"The council of district {i} voted on Tuesday to keep harbour {i} open for {i % 9 + 2} more years."
                 for i in range(MAX_SENTENCES * 3)]
    analysis = analysed(nlp, *(" ".join(sentences[k:k + 5]) for k in range(0, len(sentences), 5)))
    assert len(analysis.sentences) > 2 * MAX_SENTENCES
    chosen = {analysis.sentences.index(s) for s in analysis.summary}
    assert len(chosen) == 3 and max(chosen) < MAX_SENTENCES
