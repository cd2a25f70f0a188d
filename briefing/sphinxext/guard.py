"""A second line of defence for the pages briefing generates: no raw output, no file inclusion.

The converter writes article text as literal MyST (:func:`briefing.pages.markup.literal`), so no article can
make a directive or an HTML block. Should one ever slip through, the generated pages (those whose
front matter carries the ``briefing`` key) still cannot use it:

- as Sphinx reads such a page, a directive of ours is put right after its front matter (in memory,
  not in the file); it switches off docutils' ``raw_enabled`` and ``file_insertion_enabled`` for the
  rest of that page, so ``raw``, ``include`` and ``literalinclude`` refuse to run there;
- raw nodes (HTML blocks and inline HTML of Markdown) left in such a page become their text.

Each refusal is a warning. Hand-written pages of the project keep every directive.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

from briefing.page_contract import GENERATED_KEY

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

LOCKDOWN = "briefing-generated-page"
# A generated page opens with YAML front matter that has the key ``briefing``.
_FRONT_MATTER = re.compile(rf"\A---\n(?:[^\n]*+\n)*?{GENERATED_KEY}: [a-z]++\n(?:[^\n]*+\n)*?---\n")


class GeneratedPage(Directive):
    """Switches off raw output and file inclusion for the rest of the page it stands in."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        settings = self.state.document.settings
        settings.raw_enabled = False
        settings.file_insertion_enabled = False
        return []


def lock_generated_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """Put the lockdown directive right after a generated page's front matter."""
    front = _FRONT_MATTER.match(source[0])
    if front is None:
        return
    source[0] = source[0][: front.end()] + f"\n```{{{LOCKDOWN}}}\n```\n" + source[0][front.end():]


def drop_raw_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Raw output in a generated page becomes its text."""
    if GENERATED_KEY not in app.env.metadata.get(app.env.docname, {}):
        return
    for node in list(doctree.findall(nodes.raw)):
        logger.warning(
            "briefing: raw %s in a generated page shown as text", node.get("format", "output"),
            location=node, type="briefing", subtype="guard",
        )
        node.replace_self(nodes.literal(node.astext(), node.astext()))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive(LOCKDOWN, GeneratedPage)
    app.connect("source-read", lock_generated_page)
    app.connect("doctree-read", drop_raw_nodes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
