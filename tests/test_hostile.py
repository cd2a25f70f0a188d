"""Hostile input: bad files give one clear line each or a sane page, never a traceback, and the rest
of the batch is converted; memory and time stay bounded.

The corpus is ``tests/fixtures/hostile/`` (each file is described in its ``README.rst``; ``EXPECTED``
below says what each must give). It runs through the real command in a subprocess, together with the
two seed articles, so that a crash or a traceback shows. The files under ``isolated/`` (a YAML
bomb, a regular-expression backtracking trap, thousands of quoted words) and the two large inputs
made here (20 MB of text, a single 1 MB line) run one at a time with a seed article, under a time
limit and a memory bound (marked slow). A Sphinx build with ``-W`` over the batch's pages is slow too.

Memory is the child's peak resident set, read with ``os.wait4``; its address space is also capped so
that a runaway ends in the child instead of exhausting the machine.
"""

from __future__ import annotations

import io
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from myst_parser.parsers.docutils_ import Parser

from conftest import MENACE, ROOT, SEEDS, load_benchmark

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
ISOLATED = HOSTILE / "isolated"
SEED_HEADLINES = {
    "000_47eb9ec3281c3aec.txt": "Yoon urges Moscow to side with Seoul instead of Pyongyang",
    "001_3a90daa9eccd1bea.txt": "Yoon: “Russia Needs to Judge Carefully Who Is More Important Between North and South Korea”",
}
MEMORY_BOUND = int(2.5 * 2**30)  # peak resident memory of one `briefing convert` run
ADDRESS_CAP = 6 * 2**30  # RLIMIT_AS of the child: past this it fails with MemoryError rather than eat the machine
BATCH_SECONDS = 300
ISOLATED_SECONDS = 60  # one article under 20 KB and a seed: normally under 10 seconds
LARGE_SECONDS = 900
PROBLEM_LINE = re.compile(r"^briefing: (?P<level>error|warning): (?P<rest>.+)$")
NO_ARTICLE = r"no article text left after removing boilerplate"
NO_PAGE_ARTICLE = r"no article text left after removing boilerplate|no visible text in the HTML page"  # a page read as pasted text when no extractor finds an article


@dataclass(frozen=True)
class Expect:
    """What one hostile file must give.

    ``converted``: a page (``title`` its headline) whose text shows every string of ``shows`` and
    none of ``hides``; at most one line about the file, matching ``message`` when given (and none
    when ``message`` is None). Not converted: exactly one error line matching ``message``.
    """

    converted: bool
    message: str | None = None
    title: str | None = None
    shows: tuple[str, ...] = ()
    hides: tuple[str, ...] = ()


def rejected(message: str) -> Expect:
    return Expect(False, message)


EXPECTED: dict[str, Expect] = {
    "empty.txt": rejected(r"empty file"),
    "whitespace_only.txt": rejected(r"no text \(only whitespace\)"),
    "binary_png.txt": rejected(r"binary file \(contains NUL bytes\)"),
    "noise_without_nul.txt": rejected(r"binary file|not text in any encoding"),
    "control_characters.txt": rejected(r"binary file \(mostly control characters\)"),
    "nul_bytes.txt": rejected(r"binary file \(contains NUL bytes\)|NUL"),
    "boilerplate_only.txt": rejected(NO_ARTICLE),
    "front_matter_only.md": rejected(NO_ARTICLE),
    "one_long_word.txt": rejected(NO_ARTICLE),
    "no_article.html": rejected(NO_PAGE_ARTICLE),
    "broken.html": rejected(rf"{NO_PAGE_ARTICLE}|broken HTML page"),
    "html_as_text.txt": rejected(NO_PAGE_ARTICLE),
    "invalid_utf8.txt": Expect(
        True, r"UTF-8", "Bakery chain recalls bread over plastic fragments",
        # The valid UTF-8 around a few bad bytes stays as written: no mojibake from a guessed code page.
        shows=("at its “Café Brot” shops", "apologised — “we are sorry,” it said"),
        hides=("â€", "Ã©", "‚Äú", "√©"),
    ),
    "utf16_bom.txt": Expect(
        True, None, "Harbour authority approves new ferry terminal",
        shows=("“We have waited ten years for this decision,” said Mara Holt",),
    ),
    "utf16be_without_bom.txt": Expect(True, r"not UTF-8; decoded as utf-16-be", "Mountain rail line reopens after rockfall"),
    "cp949_korean.txt": Expect(
        True, r"not UTF-8; decoded as cp949", "서울시, 내년부터 심야버스 노선 확대",
        shows=("서울시는 8일 내년부터 심야버스 노선을 14개에서 20개로 늘린다고 밝혔다.",),
    ),
    "crlf.txt": Expect(True, None, "City council votes to extend library hours", shows=("Sara Okafor",)),
    "cr_only.txt": Expect(
        True, None, "Zoo welcomes twin red panda cubs",
        shows=("Keepers said both cubs were healthy and would stay in their nest box until the autumn.",),
    ),
    "no_sentence.txt": Expect(True, None, "markets stocks bonds oil gold", shows=("shares rose in early trading",)),
    "thousands_of_quotes.txt": Expect(
        True, None, "Minister answers critics in marathon session",
        shows=("the answers were “evasive”", "Karl Weber"),
    ),
    "unbalanced_quotes.txt": Expect(
        True, None, "Council row over parking fees deepens",
        shows=("“The new fees will empty the town centre, said shop owner Rita Gomez on Friday.",),
    ),
    "deep_brackets.txt": Expect(
        True, None, "Scientists publish nested data format",
        shows=(
            "The format (described in a paper (with an appendix (and a glossary))) is free to use.",
            # a 1,000-character "word" is cut for the page: its start and how much is left out
            "[" * 60 + "… [940 more characters] unclosed brackets at the end of a sentence.",
        ),
    ),
    "right_to_left.txt": Expect(
        True, None, "Water talks resume in Amman",
        shows=("محمد العلي", "דוד לוי", "قال الوزير إن المحادثات ستستمر الأسبوع المقبل", "\u202eexe.txt\u202c"),
    ),
    "emoji_zero_width.txt": Expect(
        True, None, "Festival draws record crowds \U0001f389\U0001f3b6",
        shows=("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "\U0001f44d\U0001f3fd", "\U0001f1f0\U0001f1f7\U0001f1fa\U0001f1e6"),
    ),
    "markup_injection.md": Expect(
        True, None, "Injected {raw}`html` <script>alert('title')</script> [x](javascript:alert(1))",
        shows=(
            "Injected {raw}`html` <script>alert('title')</script> [x](javascript:alert(1))",
            "{{ outlet }} :::{raw} html",
            "```{include} /etc/passwd",
            "the string <script>alert('body')</script> and a link [click](javascript:alert('link'))",
            "the role {download}`/etc/passwd` and the span [words]{#evil .cls onclick=\"x\"}",
            "the substitution {{ secret }} and the math $x^2$.",
            "<!-- hidden comment --> and &amp; and &#x41; as written.",
        ),
        hides=("root:x:0:0",),
    ),
    "markup_injection.txt": Expect(
        True, None, "Printer firm sued over <script> in manuals",
        shows=(
            "```{raw} html <script>alert(\"manual\")</script>```",
            "the role {ref}`target` and the directive :::{include} /etc/passwd,",
            "the page [here](javascript:alert(2))",
            "# Not a heading, the lawyers said, and | not | a | table |.",
            "- not a list item but a sentence of the complaint, they added.",
        ),
        hides=("root:x:0:0",),
    ),
    "html_with_scripts.html": Expect(
        True, None, "Storm closes mountain passes",
        shows=(
            "Storm closes mountain passes",
            "A late summer storm closed three mountain passes on Wednesday",
            "the warning sign showed the text <script>alert(\"sign\")</script> instead of a message",
            "open the live map",
        ),
        # Script, style and handler code is not article text: none of it reaches the page.
        hides=(
            "INJECTED HEAD", "alert('head')", "alert('ld')", "alert('inside article')", "fake paragraph from script",
            "alert('onload')", "alert('img')", "alert('frame')", "alert('css')", "alert('link')", "tracker.example",
            "Enable JavaScript",
        ),
    ),
    "name with spaces & {braces} [brackets].txt": Expect(
        True, None, "Ferry fares to rise in September", shows=("name with spaces & {braces} [brackets].txt",),
    ),
    # Front matter that cannot be read is one warning; the article is read without it, and none of the
    # block becomes its headline or text.
    "impossible_date.md": Expect(
        True, r"^briefing: warning: in/impossible_date\.md: front matter ignored: .*day is out of range for month",
        "Lighthouse keeper retires after forty years",
        shows=("The last keeper of the Skerry Point lighthouse handed over its keys on Monday",),
        hides=("Title from the ignored front matter", "Front Matter Author", "2024-02-30"),
    ),
    "deep_yaml_front_matter.md": Expect(
        True, r"^briefing: warning: in/deep_yaml_front_matter\.md: front matter ignored: .*(nesting|nested)",
        "Village votes to keep its last phone box",
        shows=("Residents of Lower Hatton voted on Thursday",), hides=("[[[",),
    ),
    "python_tag_front_matter.md": Expect(
        True, r"^briefing: warning: in/python_tag_front_matter\.md: front matter ignored: .*python/object/apply",
        "River ferry returns after winter repairs",
        shows=("The chain ferry across the River Wend returned to service on Saturday",),
        hides=("echo pwned", "os.system"),
    ),
    # A declared charset that is no text encoding, or one no page can be in, is passed over: the page is
    # decoded as any other (UTF-8 here), and no escape in its text is decoded into markup.
    "charset_base64.html": Expect(
        True, None, "Bakery wins regional bread prize",
        shows=("“My grandmother would have laughed at all this fuss over a loaf,” said baker Elena Marsh",),
    ),
    "charset_rot13.html": Expect(
        True, None, "Library extends weekend opening hours",
        shows=("“Students have nowhere quiet to work at weekends,” said librarian Oskar Lindqvist",),
    ),
    "charset_utf7.html": Expect(
        True, None, "School kitchen serves its own vegetables",
        shows=("read +ADw-script+AD4-alert(7)+ADw-/script+AD4- as a joke",), hides=("<script>alert(7)",),
    ),
    "charset_unicode_escape.html": Expect(
        True, None, "Cycle path opens along the old railway",
        shows=(r"printed with \u003cscript\u003ealert(8)\u003c/script\u003e and said",), hides=("<script>alert(8)",),
    ),
}


# --- running the command ------------------------------------------------------------------------------


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    max_rss: int  # bytes
    seconds: float
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (f"exit {self.returncode}, {self.seconds:.1f} s, peak RSS {self.max_rss / 2**20:.0f} MB"
                f"{', TIMED OUT' if self.timed_out else ''}\n--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}")


def convert(*args: str, cwd: Path, timeout: float) -> Run:
    """``python -m briefing convert ARGS`` in a child process: its output, peak memory and time.

    The peak resident set comes from ``os.wait4`` on this child alone (``RUSAGE_CHILDREN`` would give
    the largest of every child the test session has waited for).
    """
    def cap_memory():
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_CAP, ADDRESS_CAP))

    out_path, err_path = cwd / f".stdout-{os.getpid()}", cwd / f".stderr-{os.getpid()}"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "briefing", "convert", *args], cwd=cwd, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL, preexec_fn=cap_memory)
        timed_out = threading.Event()

        def stop():
            timed_out.set()
            child.kill()

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
    run = Run(child.returncode, out_path.read_text(encoding="utf-8", errors="replace"),
              err_path.read_text(encoding="utf-8", errors="replace"), usage.ru_maxrss * 1024, seconds, timed_out.is_set())
    out_path.unlink()
    err_path.unlink()
    return run


def problem_lines(run: Run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.strip()]


def lines_about(run: Run, shown_path: str) -> list[str]:
    return [line for line in problem_lines(run) if f" {shown_path}: " in line]


def pages_by_source(generated: Path) -> dict[str, Path]:
    """Article pages by the file name of their source (``source`` in the front matter)."""
    pages = {}
    for page in generated.glob("*.md"):
        meta = front_matter(page)
        if meta.get("briefing") == "article":
            pages[Path(meta["source"]).name] = page
    return pages


def front_matter(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:text.index("\n---\n", 4)]) or {}


def input_folder(folder: Path, *files: Path, seeds: tuple[str, ...] = tuple(SEED_HEADLINES)) -> Path:
    folder.mkdir(parents=True)
    for name in seeds:
        shutil.copy(SEEDS / name, folder / name)
    shutil.copy(SEEDS / "sources.yaml", folder / "sources.yaml")
    for file in files:
        shutil.copyfile(file, folder / file.name)
    return folder


def batch_files() -> list[Path]:
    return sorted(p for p in HOSTILE.iterdir() if p.is_file() and p.name != "README.rst" and not p.name.startswith("."))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of docs/ and an input folder of the hostile batch and the seeds, converted once."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("generated"))
    input_folder(root / "in", *batch_files())
    run = convert("in", "--out", "docs/generated", cwd=root, timeout=BATCH_SECONDS)
    print(f"\nhostile batch: {run.describe()}")
    return root, run


@pytest.fixture(scope="module")
def run(project):
    return project[1]


@pytest.fixture(scope="module")
def generated(project):
    return project[0] / "docs" / "generated"


# --- the corpus -----------------------------------------------------------------------------------------


def test_the_corpus_has_twenty_hostile_files_each_with_an_expectation_and_a_description():
    names = {p.name for p in batch_files()}
    assert names == set(EXPECTED)
    isolated = sorted(p.name for p in ISOLATED.iterdir())
    assert len(names) + len(isolated) + 2 >= 20  # + the two large inputs made by the tests
    readme = (HOSTILE / "README.rst").read_text(encoding="utf-8")
    for name in [*names, *(f"isolated/{n}" for n in isolated), "twenty_mb.txt", "one_mb_line.txt", "cap_article.txt"]:
        assert f"``{name}``" in readme, name
    assert all(p.stat().st_size < 20_000 for p in HOSTILE.rglob("*") if p.is_file())


# --- the batch ------------------------------------------------------------------------------------------


def test_the_batch_runs_to_the_end_without_a_traceback(run):
    assert not run.timed_out, run.describe()
    assert "Traceback" not in run.output, run.describe()
    assert run.returncode == 0, run.describe()
    assert run.max_rss < MEMORY_BOUND, run.describe()


def test_strict_fails_the_same_batch_without_a_traceback(project, tmp_path):
    root, _ = project
    strict = convert("in", "--out", str(tmp_path / "generated"), "--strict", cwd=root, timeout=BATCH_SECONDS)
    assert "Traceback" not in strict.output, strict.describe()
    assert strict.returncode == 1, strict.describe()


def test_every_problem_line_is_one_line_naming_one_input_file(run):
    shown = {f"in/{name}" for name in [*EXPECTED, *SEED_HEADLINES]}
    for line in problem_lines(run):
        match = PROBLEM_LINE.match(line)
        assert match, f"not a problem line: {line!r}\n{run.describe()}"
        assert any(match["rest"].startswith(f"{path}: ") for path in shown), line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_gives_one_clear_line_or_a_page(name, run, generated):
    expect = EXPECTED[name]
    lines = lines_about(run, f"in/{name}")
    page = pages_by_source(generated).get(name)
    if not expect.converted:
        assert page is None, f"{name} should not be converted"
        assert len(lines) == 1, f"{name}: expected one line, got {lines}\n{run.describe()}"
        assert lines[0].startswith(f"briefing: error: in/{name}: "), lines[0]
        assert re.search(expect.message, lines[0]), lines[0]
        return
    assert page is not None, f"{name} was not converted; lines: {lines}\n{run.describe()}"
    if expect.message is None:
        assert lines == [], lines
    else:
        assert len(lines) == 1 and re.search(expect.message, lines[0]), lines


def test_the_seed_articles_are_converted_with_the_hostile_batch(run, generated):
    pages = pages_by_source(generated)
    for name, headline in SEED_HEADLINES.items():
        assert name in pages, f"{name} not converted\n{run.describe()}"
        assert front_matter(pages[name])["title"] == headline
        assert lines_about(run, f"in/{name}") == []
    assert MENACE in pages["000_47eb9ec3281c3aec.txt"].read_text(encoding="utf-8")


# --- the pages ------------------------------------------------------------------------------------------


class _AnyOption(dict):
    def __missing__(self, key):
        return directives.unchanged

    def __contains__(self, key):
        return True


class _StandIn(Directive):
    """A directive briefing writes on purpose (sphinx-design's cards and grids, Sphinx's toctree and
    graphviz), which plain docutils does not know: its content is parsed into a container."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def run(self):
        node = nodes.container(classes=[self.name])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def _stand_in_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.inline(rawtext, text, classes=[name])], []


@pytest.fixture(scope="module", autouse=True)
def stand_ins():
    """Stand-ins for the directives and roles of briefing's pages, for this module's tests only."""
    saved = dict(directives._directives), dict(roles._roles)
    for name in ("card", "card-footer", "grid", "grid-item-card", "toctree", "graphviz"):
        directives.register_directive(name, _StandIn)
    for colour in ("primary", "secondary", "success", "info", "warning", "danger", "light", "dark"):
        roles.register_local_role(f"bdg-{colour}", _stand_in_role)
        roles.register_local_role(f"bdg-{colour}-line", _stand_in_role)
    yield
    for registry, before in zip((directives._directives, roles._roles), saved):
        registry.clear()
        registry.update(before)


PARSER_SETTINGS = {
    "myst_enable_extensions": ["colon_fence", "attrs_inline"],
    "myst_all_links_external": True,  # links between generated pages: Sphinx resolves them, docutils cannot
    "report_level": 2,  # keep every warning and error in the doctree, where the test looks for them
    "halt_level": 5,
    "raw_enabled": True,  # as in test_injection: raw output would show if the text made any
    "file_insertion_enabled": True,
    # docutils refuses a line over 10,000 characters (the whole page becomes an error); Sphinx's MyST
    # parser has no such limit, and one long paragraph is one long line.
    "line_length_limit": 10**9,
}
MADE_BY_TEXT = {
    "raw", "system_message", "problematic", "literal_block", "comment", "math", "math_block", "target",
    "substitution_definition", "substitution_reference", "footnote", "footnote_reference", "citation", "image",
    "pending", "block_quote", "enumerated_list", "definition_list", "field_list", "transition",
}
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parsed(page: Path) -> tuple[nodes.document, str]:
    warnings = io.StringIO()
    doctree = publish_doctree(page.read_text(encoding="utf-8"), parser=Parser(),
                              settings_overrides={**PARSER_SETTINGS, "warning_stream": warnings})
    return doctree, warnings.getvalue()


def visible(doctree: nodes.document) -> str:
    return " ".join(doctree.astext().split())


def test_every_page_parses_without_a_message_raw_output_or_a_foreign_link(run, generated):
    pages = sorted(generated.glob("*.md"))
    assert pages, run.describe()
    names = {p.name for p in pages}
    failures = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if _CONTROLS.search(text):
            failures.append(f"{page.name}: control character in the page")
        doctree, warnings = parsed(page)
        made = {type(n).__name__ for n in doctree.findall(nodes.Element)} & MADE_BY_TEXT
        if made or warnings:
            failures.append(f"{page.name}: {sorted(made)} {warnings[:500]}")
        for reference in doctree.findall(nodes.reference):
            target = reference.get("refuri") or "#" + reference.get("refid", "")
            if not (target.startswith("#") or target.split("#")[0] in names):
                failures.append(f"{page.name}: link to {target!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e.converted))
def test_each_converted_page_keeps_its_headline_and_shows_its_text_as_text(name, run, generated):
    expect = EXPECTED[name]
    page = pages_by_source(generated).get(name)
    assert page is not None, f"{name} was not converted\n{run.describe()}"
    assert front_matter(page)["title"] == expect.title
    doctree, _ = parsed(page)
    assert next(doctree.findall(nodes.title)).astext() == expect.title
    text = visible(doctree)
    for wanted in expect.shows:
        assert " ".join(wanted.split()) in text, wanted
    for unwanted in expect.hides:
        assert unwanted not in page.read_text(encoding="utf-8"), unwanted


@pytest.mark.slow
def test_the_site_builds_with_W_over_the_hostile_pages(project):
    root, run = project
    assert run.returncode == 0, run.describe()
    result = subprocess.run([sys.executable, "-m", "sphinx", "-M", "html", "docs", "build", "-W", "--keep-going", "-q"],
                            cwd=root, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    html = root / "build" / "html" / "generated"
    pages = pages_by_source(root / "docs" / "generated")
    for name in pages:
        assert (html / f"{pages[name].stem}.html").is_file(), name
    for page in html.glob("*.html"):
        markup = page.read_text(encoding="utf-8")
        for made in ("<script>alert(", "onerror=alert", 'href="javascript:', "src=\"javascript:", 'id="evil"', 'id="rst"', "root:x:0:0"):
            assert made not in markup, (page.name, made)
    injected = (html / f"{pages['markup_injection.md'].stem}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in injected or "&lt;script&gt;alert('body')&lt;/script&gt;" in injected


# --- one at a time: memory and time bombs, large inputs ----------------------------------------------------


def check_alone(run: Run, name: str, generated: Path) -> None:
    """The contract for a file run alone with a seed article: a bounded, clean run that converts the seed
    and either converts the file or says in one line why not."""
    print(f"\n{name}: {run.describe()}")
    assert not run.timed_out, f"{name}: no result in time\n{run.describe()}"
    assert "Traceback" not in run.output, run.describe()
    assert run.returncode == 0, run.describe()
    assert run.max_rss < MEMORY_BOUND, run.describe()
    pages = pages_by_source(generated)
    assert "000_47eb9ec3281c3aec.txt" in pages, run.describe()
    lines = lines_about(run, f"in/{name}")
    if name in pages:
        assert len(lines) <= 1, lines
    else:
        assert len(lines) == 1 and lines[0].startswith(f"briefing: error: in/{name}: "), run.describe()
    assert all(PROBLEM_LINE.match(line) for line in problem_lines(run)), run.describe()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in ISOLATED.iterdir()))
def test_a_memory_or_time_bomb_alone_is_bounded_and_clean(name, tmp_path):
    input_folder(tmp_path / "in", ISOLATED / name, seeds=("000_47eb9ec3281c3aec.txt",))
    run = convert("in", "--out", "generated", cwd=tmp_path, timeout=ISOLATED_SECONDS)
    check_alone(run, name, tmp_path / "generated")


def _sentence(i: int) -> str:
    return (f"On day {i} the council of district {i % 97} said that plan {i} would cost {i * 7 % 10007} dollars "
            f"and that work on road {i % 331} would start in week {i % 52}, officials told reporters.")


def twenty_mb_of_text(path: Path) -> None:
    """A headline, a byline and different paragraphs (a repeated one would be dropped as a caption) up to 20 MB."""
    size = 20 * 2**20
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        written = file.write("Council publishes a very long report\n\nBy Jane Doe\n\n")
        i = 0
        while written < size:
            paragraph = f"{_sentence(i)} {_sentence(i + 1)}\n\n"[: size - written]
            written += file.write(paragraph)
            i += 2


def one_mb_line(path: Path) -> None:
    """One line of prose, 1 MB, without a line end."""
    size, parts, written, i = 2**20, [], 0, 0
    while written < size:
        parts.append(_sentence(i) + " ")
        written += len(parts[-1])
        i += 1
    path.write_text("".join(parts)[: size - 1].rstrip() + ".", encoding="utf-8", newline="")


@pytest.mark.slow
@pytest.mark.parametrize("name, make", [("twenty_mb.txt", twenty_mb_of_text), ("one_mb_line.txt", one_mb_line)])
def test_a_large_article_alone_is_bounded_and_clean(name, make, tmp_path):
    folder = input_folder(tmp_path / "in", seeds=("000_47eb9ec3281c3aec.txt",))
    make(folder / name)
    assert (folder / name).stat().st_size == (20 * 2**20 if name == "twenty_mb.txt" else 2**20)
    run = convert("in", "--out", "generated", cwd=tmp_path, timeout=LARGE_SECONDS)
    check_alone(run, name, tmp_path / "generated")


@pytest.mark.slow
def test_an_article_at_the_size_cap_is_analysed_within_the_bounds_readme_states(tmp_path):
    from briefing.pipeline import MAX_ARTICLE_CHARS

    limits = load_benchmark("limits")
    folder = input_folder(tmp_path / "in", seeds=("000_47eb9ec3281c3aec.txt",))
    (folder / "cap_article.txt").write_text(limits.made_up_article(MAX_ARTICLE_CHARS - 2_000, 4), encoding="utf-8")
    run = convert("in", "--out", "generated", cwd=tmp_path, timeout=LARGE_SECONDS)
    check_alone(run, "cap_article.txt", tmp_path / "generated")
    assert "cap_article.txt" in pages_by_source(tmp_path / "generated"), run.describe()
    assert run.max_rss < limits.CAP_MEGABYTES * 2**20, run.describe()
    assert run.seconds < 2 * limits.CAP_SECONDS, run.describe()  # README's 60 s, with room for a busy machine
