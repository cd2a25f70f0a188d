"""Article text stays text: whatever an article holds renders as exactly that text, in every place
the converter writes it, and never as markup, a directive, a role, a link, raw HTML or an include."""

from __future__ import annotations

import re

import pytest
import yaml
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.docutils_ import Parser

from briefing.pages.markup import YAML_BREAKS, Markup, front_matter, literal, literal_marked

pytestmark = pytest.mark.slow

# Fragments that mean something to MyST, Markdown, reStructuredText, HTML or templates.
SPECIALS = [
    "```", "~~~", ":::", "::::", "{raw}", "```{raw} html\n<script>alert(1)</script>\n```", "{include} /etc/passwd",
    "```{include} /etc/passwd\n```", "{eval-rst}", "```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```", "{ref}`t`",
    "{download}`/etc/passwd`", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "<javascript:alert(1)>", "<http://x.y>", "https://example.com", "www.example.com", "$$", "$x$", "$$\nx\n$$",
    "{{ x }}", "{% raw %}", "%", "(target)=", "(t)=\n", "---", "***", "___", "| a | b |\n|---|---|", "# ", "## ",
    "- ", "* ", "+ ", "1. ", "2) ", "> ", "[^1]", "[^1]: note", "&amp;", "&#x41;", "&lt;", "\\", "\\\\", "*em*",
    "_em_", "**strong**", "`code`", "``", "![img](x.png)", "+++", "===", ":key: value", "{bdg}`x`", "<!-- c -->",
    ".. raw:: html", ".. include:: /etc/passwd", "|sub|", "``lit``", ":role:`x`", "~~del~~", "    indented", "\t",
    "\n", "\n\n", "\r\n", "[x]{#id .cls}", "{#id}", "[", "]", "]{.c}", "^", "[^", "(", ")", "<", ">", "\"", "'",
    "\u202e", "\u200b", "\x00", "\x1b", "é", "윤석열", "😀",
]
article_text = (
    st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(min_size=1, max_size=10)), min_size=1, max_size=8)
    .map("".join)
    .filter(lambda t: " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", t).split()))  # something to see
)
PARSER_SETTINGS = {
    "myst_enable_extensions": ["colon_fence", "attrs_inline"],
    "report_level": 5,
    "halt_level": 5,
    "raw_enabled": True,  # the first line of defence alone: raw output would show if the text made any
    "file_insertion_enabled": True,
}
ALLOWED = {
    "document", "paragraph", "bullet_list", "list_item", "strong", "inline", "reference",
    "table", "tgroup", "colspec", "tbody", "row", "entry",
}
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def rendered(markdown: str) -> nodes.document:
    return publish_doctree(markdown, parser=Parser(), settings_overrides=PARSER_SETTINGS)


def visible(text: str) -> str:
    """What a reader sees of a text: control characters dropped, white space folded."""
    return " ".join(_CONTROLS.sub("", text).split())


def page_with(text: str) -> str:
    """The text in each place briefing writes article text: paragraph, list, bold part, link text, table cell."""
    sentence = f"Before {text} after"
    bold = literal_marked(sentence, [Markup(7, 7 + len(text), "**", "**", flanking=True)])
    span = literal_marked(sentence, [Markup(7, 7 + len(text), "[", "]{#quote-1 .briefing-quote-mark}")])
    return (
        f"{literal(text)}\n\n- {literal(text)}\n\n{bold}\n\n{span}\n\n[{literal(text)}](#quote-1)\n\n"
        f":::{{list-table}}\n\n* - {literal(text)}\n  - cell\n:::\n"
    )


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text)
def test_article_text_renders_as_itself_in_every_place_the_converter_writes_it(text):
    doctree = rendered(page_with(text))
    made = {type(node).__name__ for node in doctree.findall(nodes.Element)}
    assert made <= ALLOWED, made  # no raw, include, script, literal block, target, footnote, math ...
    references = list(doctree.findall(nodes.reference))
    assert len(references) == 1 and references[0].get("refid") == "quote-1"  # only the link briefing made
    assert all("script" not in (n.get("format") or "") for n in doctree.findall(nodes.Element))
    expected = visible(text)
    paragraph, item, bold, span, link = [visible(p.astext()) for p in doctree.children[:1]] + [
        visible(doctree.children[1].astext()),
        *(visible(p.astext()) for p in doctree.children[2:5]),
    ]
    assert paragraph == expected and item == expected and link == expected
    assert bold == span == visible(f"Before {text} after")
    [cell, _] = [visible(e.astext()) for e in doctree.findall(nodes.entry)]
    assert cell == expected


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "outlet", "source", "url"]), article_text, min_size=1))
def test_front_matter_keeps_article_values_as_values(values):
    text = front_matter({"briefing": "article", **values})
    loaded = yaml.safe_load(text.strip().removeprefix("---").removesuffix("---"))
    assert loaded == {"briefing": "article", **{k: v.translate(YAML_BREAKS) for k, v in values.items()}}
