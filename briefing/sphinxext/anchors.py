"""Quote anchors: a quote's words in an article's full text as a link target for other pages.

The converter writes a quote's words as a MyST span, ``[words]{#quote-3 .briefing-quote-mark}``
(myst-parser's ``attrs_inline`` extension, switched on here). Its id is a plain HTML id, not a Sphinx
target, so a link from another page (``000_ab.md#quote-3`` on an actor's page) would not resolve:
each such id is registered as an anonymous label of its page, which is what MyST looks up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes

from briefing.page_contract import QUOTE_MARK_CLASS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.domains.std import StandardDomain

MYST_EXTENSION = "attrs_inline"


def _enable_spans(app: Sphinx, config: Config) -> None:
    """Switch on myst-parser's inline attributes, which the generated pages use for quote anchors."""
    extensions = list(getattr(config, "myst_enable_extensions", None) or [])
    if MYST_EXTENSION not in extensions:
        config.myst_enable_extensions = [*extensions, MYST_EXTENSION]


def register_quote_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Make every quote anchor of the page a target that links from other pages resolve to."""
    docname = app.env.docname
    labels = cast("StandardDomain", app.env.get_domain("std")).anonlabels
    for node in doctree.findall(nodes.inline):
        if QUOTE_MARK_CLASS in node.get("classes", ()):
            for anchor in node.get("ids", ()):
                labels[f"briefing-quote--{docname}--{anchor}"] = (docname, anchor)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _enable_spans)
    app.connect("doctree-read", register_quote_anchors)
    # env_version: an environment pickled before the anchors were registered is read again.
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
