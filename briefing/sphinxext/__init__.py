"""The Sphinx extension of the briefing pack: ``briefing_*`` settings, site CSS and the ``pdf`` builder.

Add ``"briefing.sphinxext"`` to ``extensions`` in conf.py; ``sphinx-build -M pdf docs build`` then writes
``build/pdf/briefing.pdf`` (see :mod:`briefing.sphinxext.pdf`). Heavy imports (WeasyPrint) happen only
when the PDF is written, so HTML builds do not pay for them.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from briefing import __version__
from briefing.page_contract import ACTOR_PREFIX
from briefing.settings import SETTINGS

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"

#: The stylesheet of the HTML site (the PDF adds ``briefing-print.css`` on top of it).
SCREEN_CSS = "briefing.css"
#: The stylesheet only the print template links.
PRINT_CSS = "briefing-print.css"


#: The ``briefing_*`` settings (declared in :mod:`briefing.settings`, shared with ``briefing convert``).
CONFIG_OPTIONS = SETTINGS
#: The generated stylesheet that carries the settings' colours.
SETTINGS_CSS = "briefing-settings.css"


def _check_settings(app: Sphinx, config: Config) -> None:
    """A wrong ``briefing_*`` value is reported in one warning and replaced by its default."""
    for setting in SETTINGS:
        value = config[setting.key]
        problem = setting.problem(value)
        if problem is None:
            continue
        default = setting.default(config) if callable(setting.default) else setting.default
        logger.warning(
            "%s = %r in conf.py: %s; using the default %r", setting.key, value, problem, default,
            type="briefing", subtype="config",
        )
        config[setting.key] = default


def _write_settings_css(app: Sphinx) -> None:
    """The settings' colours as CSS custom properties, in the output's _static folder."""
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    css = f":root {{\n  --briefing-accent: {app.config.briefing_accent_colour};\n}}\n"
    target = static / SETTINGS_CSS
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")


def _add_static_path(app: Sphinx, config: Config) -> None:
    # Appended on config-inited so that a conf.py assigning html_static_path does not drop it.
    static = str(STATIC_DIR)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


#: Builder formats whose graphviz output runs ``dot`` (text and man pages only print the alt text).
DOT_FORMATS = frozenset({"html", "latex", "texinfo"})
#: Said in place of the actor network when ``dot`` is missing.
NETWORK_LEFT_OUT = "The actor network is not drawn here: Graphviz was not installed when this was built."
# Set on a builder once it has said that dot is missing, so that it says so once.
_REPORTED_MISSING_DOT = "_briefing_reported_missing_dot"


def _graphviz_svg_by_default(config: Config) -> None:
    # SVG stays sharp in the site and in the PDF. Only the default changes: a graphviz_output_format set
    # in conf.py or with -D still wins (Sphinx reads those before falling back to the default). This runs
    # in setup(): by config-inited, Sphinx has already read every value once (to log the event).
    option = config.values["graphviz_output_format"]
    config.values["graphviz_output_format"] = type(option)("svg", option.rebuild, option.valid_types, option.description)


def _leave_out_network_without_dot(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Without Graphviz's ``dot``, put a sentence where the actor network would be, and say so once.

    sphinx.ext.graphviz would warn on every graph (failing ``-W`` builds) and print the DOT source
    into the page. The notice goes to the warning stream but is not a Sphinx warning: a machine
    without the optional graphviz package still builds the site and the PDF with ``-W``.
    """
    from docutils import nodes
    from sphinx.ext.graphviz import graphviz

    from briefing.page_contract import NETWORK_CLASS

    if app.builder.format not in DOT_FORMATS:
        return
    networks = [node for node in doctree.findall(graphviz) if NETWORK_CLASS in node["classes"]]
    if not networks or shutil.which(app.config.graphviz_dot):
        return
    for node in networks:
        figure = node.parent if isinstance(node.parent, nodes.figure) else node
        figure.replace_self(nodes.paragraph("", "", nodes.emphasis(text=NETWORK_LEFT_OUT), classes=[NETWORK_CLASS + "-missing"]))
    if not getattr(app.builder, _REPORTED_MISSING_DOT, False):
        setattr(app.builder, _REPORTED_MISSING_DOT, True)
        stream = getattr(app, "_warning", None) or sys.stderr  # sphinx-build's warning stream (-w, -Q)
        stream.write(
            f"briefing: warning: the actor network is left out of the {app.builder.name} output: Graphviz's "
            f"{app.config.graphviz_dot!r} program was not found. Install graphviz "
            "(Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz) and build "
            "again from scratch (make clean), or set graphviz_dot in conf.py to the path of dot.\n"
        )


#: Said for a graph that has neither an ``:alt:`` option nor a caption.
GRAPH_ALT_FALLBACK = "A diagram drawn with Graphviz"


def _graph_alt(node: nodes.Element) -> str:
    """What a graph shows, in words: its ``:alt:``, else its figure's caption, else a plain fallback."""
    from docutils import nodes

    alt = " ".join(str(node.get("alt") or "").split())
    if not alt and isinstance(node.parent, nodes.figure):
        caption = node.parent.next_node(nodes.caption)
        alt = " ".join(caption.astext().split()) if caption is not None else ""
    return alt or GRAPH_ALT_FALLBACK


def _html_visit_graphviz(self: Any, node: nodes.Element) -> None:
    """sphinx.ext.graphviz's HTML, except that the PDF pack gets an SVG graph as ``<img alt=...>``.

    WeasyPrint tags an ``<img>`` as a ``/Figure`` with its ``alt`` as ``/Alt``; the ``<object>`` the site
    uses would be tagged ``/NonStruct``, with no alternative text for a screen reader.
    """
    from html import escape

    from docutils import nodes
    from sphinx.ext.graphviz import GraphvizError, html_visit_graphviz, render_dot

    from briefing.sphinxext.pdf import PDFBuilder

    if not isinstance(self.builder, PDFBuilder) or self.builder.config.graphviz_output_format != "svg":
        html_visit_graphviz(self, node)
        return
    try:
        filename, _ = render_dot(self, node["code"], node["options"], "svg", "graphviz", node.get("filename"))
    except GraphvizError as error:
        logger.warning("dot code %r: %s", node["code"], error)
        raise nodes.SkipNode from error
    if filename is None:
        self.body.append(self.encode(node["code"]))
        raise nodes.SkipNode
    classes = escape(" ".join(["graphviz", *node.get("classes", [])]))
    image = f'<img src="{escape(Path(filename).as_posix())}" alt="{escape(_graph_alt(node))}" class="{classes}" />'
    html = f'<div class="graphviz">{image}</div>\n'
    if "align" in node:  # as sphinx.ext.graphviz aligns it
        align = escape(node["align"])
        html = f'<div align="{align}" class="align-{align}">{html}</div>\n'
    self.body.append(html)
    raise nodes.SkipNode


def _finish_interrupted_swaps(app: Sphinx, config: Config) -> None:
    """A ``briefing convert`` killed half way through replacing the generated pages is finished before
    Sphinx reads them, so that no build mixes two page sets (the journal lists what was left to do)."""
    from briefing.pages.write import JOURNAL_NAME, WriteError, finish_interrupted_swap

    source = Path(app.srcdir)
    for journal in [source / JOURNAL_NAME, *source.glob(f"*/{JOURNAL_NAME}")]:
        try:
            if finish_interrupted_swap(journal.parent):
                logger.info("briefing: %s: finished replacing the pages, which an interrupted convert left half done", journal.parent)
        except (OSError, WriteError) as error:
            logger.warning("briefing: %s: could not finish an interrupted convert (%s)", journal.parent, error,
                           type="briefing", subtype="write")


#: Pages the ``pdf`` builder does not read: one page per actor, which the pack leaves out anyway (see
#: :data:`briefing.page_contract.SITE_ONLY_ROLES`); reading and assembling them took most of its memory.
PDF_UNREAD_PATTERNS = (f"**/{ACTOR_PREFIX}*", f"{ACTOR_PREFIX}*")
#: What leaving them unread would otherwise warn about: links and toctree entries to them (they print as text).
PDF_UNREAD_WARNINGS = ("toc.excluded", "toc.not_readable", "myst.xref_missing", "ref.doc", "ref.any")


def _leave_actor_pages_unread(app: Sphinx) -> None:
    """The ``pdf`` builder skips the actor pages: added to ``exclude_patterns`` before the sources are found."""
    if app.builder.name != "pdf":
        return
    config = app.config
    config.exclude_patterns = [*config.exclude_patterns, *PDF_UNREAD_PATTERNS]
    config.suppress_warnings = [*config.suppress_warnings, *PDF_UNREAD_WARNINGS]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``briefing_*`` values, the site CSS, the ``pdf`` builder and the actor network's graphviz."""
    from briefing.sphinxext.pdf import PDFBuilder

    for option in SETTINGS:
        app.add_config_value(option.key, option.default, option.rebuild, types=option.types, description=option.help)
    app.connect("config-inited", _finish_interrupted_swaps)
    app.connect("config-inited", _check_settings)
    app.connect("config-inited", _add_static_path)
    app.connect("builder-inited", _write_settings_css)
    app.connect("builder-inited", _leave_actor_pages_unread)
    app.add_css_file(SCREEN_CSS)
    app.add_css_file(SETTINGS_CSS)
    app.add_builder(PDFBuilder)
    app.setup_extension("briefing.sphinxext.anchors")  # quote anchors that links from other pages reach
    app.setup_extension("briefing.sphinxext.guard")  # no raw output or file inclusion in generated pages
    app.setup_extension("briefing.sphinxext.navigation")  # the site's navigation resolved once, not per page
    app.setup_extension("sphinx.ext.graphviz")
    from sphinx.ext.graphviz import graphviz

    # The same HTML as sphinx.ext.graphviz's, but the pack's graphs are figures with alt text (see above).
    app.add_node(graphviz, override=True, html=(_html_visit_graphviz, None))
    _graphviz_svg_by_default(app.config)
    app.connect("doctree-resolved", _leave_out_network_without_dot)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
