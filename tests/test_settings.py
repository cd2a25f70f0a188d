"""The briefing_* settings: declared once, checked, shared by the Sphinx extension and briefing convert."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.settings import BY_NAME, SETTINGS, read_conf
from conftest import ROOT


def test_every_setting_is_declared_once_with_type_default_and_help():
    assert len({s.key for s in SETTINGS}) == len(SETTINGS)
    assert {"title", "organisation", "marking", "summary_length", "model", "accent_colour"} <= set(BY_NAME)
    for setting in SETTINGS:
        assert setting.key.startswith("briefing_") and setting.help.strip() and setting.types
        if not callable(setting.default):
            assert setting.problem(setting.default) is None, setting.key


@pytest.mark.parametrize("name, value, says", [
    ("summary_length", 0, "from 1 to 10"),
    ("summary_length", "3", "must be int"),
    ("summary_length", True, "must be int"),
    ("accent_colour", "red", "hex colour"),
    ("marking", "TOP\nSECRET", "one line"),
    ("pdf_filename", "../out.pdf", "without a folder"),
    ("pdf_filename", "pack.html", 'ending in ".pdf"'),
    ("model", "en core", "import name"),
])
def test_a_wrong_value_says_what_is_wrong(name, value, says):
    assert says in BY_NAME[name].problem(value)


def test_read_conf_reports_wrong_and_unknown_values_and_keeps_the_defaults(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text('briefing_summary_length = 12\nbriefing_model = "en_core_web_sm"\nbriefing_colour = 1\n', encoding="utf-8")
    said = []
    assert read_conf(conf, said.append) == {"summary_length": 3, "model": "en_core_web_sm"}
    assert any("briefing_summary_length = 12: must be from 1 to 10; using the default 3" in s for s in said)
    assert any("unknown setting briefing_colour" in s for s in said)


def test_a_conf_py_that_fails_is_reported_in_one_line(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text("raise SystemError('boom')\n", encoding="utf-8")
    said = []
    assert read_conf(conf, said.append) == {}
    assert len(said) == 1 and "could not be read" in said[0]


def test_convert_takes_the_summary_length_from_the_conf_py_beside_its_output(tmp_path, nlp):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text("briefing_summary_length = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(ROOT / "seeds"), "--out", str(docs / "generated"), "-q"])
    assert result.exit_code == 0, result.output
    page = (docs / "generated" / "001_3a90daa9eccd1bea.md").read_text(encoding="utf-8")
    summary = page[page.index("## Summary"):page.index("## Key quotes")]
    assert summary.count("\n- ") <= 1  # one sentence, less the one shown as the bottom line
    longer = CliRunner().invoke(main, ["convert", str(ROOT / "seeds"), "--out", str(docs / "generated"), "-q", "--summary-length", "5"])
    assert longer.exit_code == 0
    page = (docs / "generated" / "001_3a90daa9eccd1bea.md").read_text(encoding="utf-8")
    assert page[page.index("## Summary"):page.index("## Key quotes")].count("\n- ") >= 3  # the command line wins


def one_page_site(tmp_path):
    """A Sphinx project of the pack's conf.py and one page."""
    source = tmp_path / "site"
    source.mkdir()
    shutil.copy(ROOT / "docs" / "conf.py", source / "conf.py")
    (source / "index.md").write_text("# Pack\n\nText.\n", encoding="utf-8")
    return source


@pytest.mark.slow
def test_sphinx_warns_about_a_wrong_value_and_builds_with_the_default(tmp_path):
    source = one_page_site(tmp_path)
    command = [sys.executable, "-m", "sphinx", "-M", "html", str(source), str(tmp_path / "build"), "-q",
               "-D", "briefing_accent_colour=chartreuse"]
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ, check=False)
    assert result.returncode == 0, result.stderr
    assert "briefing_accent_colour = 'chartreuse' in conf.py: must be a hex colour" in result.stderr
    css = (tmp_path / "build" / "html" / "_static" / "briefing-settings.css").read_text(encoding="utf-8")
    assert "--briefing-accent: #1f4e79;" in css
    strict = subprocess.run([*command, "-W"], capture_output=True, text=True, env=os.environ, check=False)
    assert strict.returncode != 0  # -W makes a wrong setting fail the build, as any warning


@pytest.mark.slow
def test_the_accent_colour_reaches_the_site(tmp_path):
    source = one_page_site(tmp_path)
    subprocess.run([sys.executable, "-m", "sphinx", "-M", "html", str(source), str(tmp_path / "build"), "-q", "-W",
                    "-D", "briefing_accent_colour=#aa3300"], check=True, env=os.environ)
    assert "--briefing-accent: #aa3300;" in (tmp_path / "build" / "html" / "_static" / "briefing-settings.css").read_text(encoding="utf-8")
    assert "briefing-settings.css" in (tmp_path / "build" / "html" / "index.html").read_text(encoding="utf-8")
