"""The Sphinx extension of the briefing pack: ``briefing_*`` settings, site CSS and the ``pdf`` builder.

Add ``"briefing.sphinxext"`` to ``extensions`` in conf.py; ``sphinx-build -M pdf docs build`` then writes
``build/pdf/briefing.pdf`` (see :mod:`briefing.sphinxext.pdf`). Heavy imports (WeasyPrint) happen only
when the PDF is written, so HTML builds do not pay for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__version__ = "0.1.0"

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"

#: The stylesheet of the HTML site (the PDF adds ``briefing-print.css`` on top of it).
SCREEN_CSS = "briefing.css"
#: The stylesheet only the print template links.
PRINT_CSS = "briefing-print.css"


@dataclass(frozen=True)
class ConfigOption:
    """One ``briefing_*`` configuration value: declared here once, registered by :func:`setup`."""

    name: str
    default: Any
    types: tuple[type, ...]
    help: str
    #: What Sphinx rebuilds when the value changes ("env": re-read the sources, "" nothing).
    rebuild: str = "env"

    @property
    def key(self) -> str:
        return f"briefing_{self.name}"


CONFIG_OPTIONS: tuple[ConfigOption, ...] = (
    ConfigOption(
        "title",
        # Sphinx calls a callable default with the config: the project name unless set.
        lambda config: config.project,
        (str,),
        "Title on the PDF cover and in its metadata (default: the project name).",
    ),
    ConfigOption("organisation", "", (str,), "Organisation named on the cover and as PDF author."),
    ConfigOption(
        "marking", "", (str,), 'Handling marking such as "INTERNAL", printed on the cover and every footer.'
    ),
    ConfigOption("pdf_filename", "briefing.pdf", (str,), "File name of the PDF in the pdf builder's output dir."),
)


def _add_static_path(app: Sphinx, config: Config) -> None:
    # Appended on config-inited so that a conf.py assigning html_static_path does not drop it.
    static = str(STATIC_DIR)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``briefing_*`` values, the site CSS and the ``pdf`` builder."""
    from briefing.sphinxext.pdf import PDFBuilder

    for option in CONFIG_OPTIONS:
        app.add_config_value(option.key, option.default, option.rebuild, types=option.types, description=option.help)
    app.connect("config-inited", _add_static_path)
    app.add_css_file(SCREEN_CSS)
    app.add_builder(PDFBuilder)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
