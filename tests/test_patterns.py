"""Every regular expression briefing runs is linear in the text it reads.

Article text is untrusted, and a line copied from a saved page can be thousands of characters of
padding: a pattern that backtracks over such a line stalls the whole batch (a real page did, in
the date-line pattern). So:

- every pattern is a named module constant (no pattern written inline in a call), so that the
  tests below see all of them;
- a ReDoS analyser (regexploit) finds no pattern with a cubic or worse blow-up;
- a property test feeds each pattern long adversarial lines, made of a string the pattern
  matches with a long run of its own characters and separators cut into it, and a trailing
  character that breaks the match, under a time budget a quadratic pattern cannot meet.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import signal
import string
import time
import warnings
from functools import cache

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import briefing
from conftest import ROOT

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # regexploit reads patterns with sre_parse
    import sre_constants as sre
    import sre_parse

    from regexploit.ast.sre import SreOpParser
    from regexploit.redos import find as find_redos

RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
LINE_LENGTH = 20_000
BUDGET = 0.25  # CPU seconds for search, match, fullmatch and finditer over one line
GUARD = 20.0  # a pattern still running after this is stopped, so that a regression fails instead of hanging


def modules():
    for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
        if not info.name.endswith("__main__"):  # running it is running the command
            yield importlib.import_module(info.name)


@cache
def patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern of the package, by the name it is defined under."""
    found: dict[str, re.Pattern] = {}
    seen: set[tuple] = set()
    for module in modules():
        for name, value in vars(module).items():
            key = (getattr(value, "pattern", None), getattr(value, "flags", None))
            if isinstance(value, re.Pattern) and key not in seen:
                seen.add(key)
                found[f"{module.__name__}.{name}"] = value
    return found


def test_the_package_has_its_patterns_as_named_constants():
    """A pattern written inline in a call would escape the checks below."""
    inline = []
    for path in sorted((ROOT / "briefing").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_level = {id(node.value) for node in tree.body if isinstance(node, ast.Assign)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCTIONS):
                continue
            if node.func.attr == "compile" and id(node) in module_level:
                continue
            inline.append(f"{path.relative_to(ROOT)}:{node.lineno}: re.{node.func.attr}")
    assert not inline, "patterns written inline instead of as module constants:\n" + "\n".join(inline)
    assert len(patterns()) > 60


class PossessiveAwareParser(SreOpParser):
    """regexploit's reading of a pattern, taught Python 3.11's possessive repeats and atomic groups.

    Neither gives back what it matched, so neither adds a way to split a run of characters: a
    possessive repeat is read as one step over its characters, an atomic group as its contents.
    """

    def from_POSSESSIVE_REPEAT(self, data):
        _minimum, _maximum, elements = data
        return self.sequence_or_singleton(elements)

    def from_ATOMIC_GROUP(self, data):
        return self.sequence_or_singleton(data)


def redos_of(pattern: re.Pattern) -> list:
    source = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    parsed = PossessiveAwareParser().parse_sre(source, pattern.flags & ~re.UNICODE & ~re.ASCII)
    return [redos for redos in find_redos(parsed) if redos.starriness > 2]


@pytest.mark.parametrize("name", sorted(patterns()))
def test_the_redos_analyser_finds_no_super_quadratic_backtracking(name):
    found = redos_of(patterns()[name])
    assert not found, f"{name}: " + "; ".join(f"{r.starriness}-fold on {r.example()!r:.80}" for r in found)


def test_the_redos_analyser_finds_a_cubic_pattern():
    heading_before = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")  # the Markdown heading, before: "#" and spaces
    assert redos_of(heading_before)


# --- adversarial lines ------------------------------------------------------------------------------------

TYPOGRAPHIC = "“”‘’–—―‐…·©€«»\u00a0"


def characters_of(pattern: re.Pattern) -> list[str]:
    """The characters a pattern names (literals, set members, range ends) and a few of each class it uses."""
    found: set[str] = set()
    classes = {sre.CATEGORY_DIGIT: "19", sre.CATEGORY_NOT_DIGIT: "a.", sre.CATEGORY_SPACE: " \t\u00a0",
               sre.CATEGORY_NOT_SPACE: "a1", sre.CATEGORY_WORD: "aZ_1", sre.CATEGORY_NOT_WORD: " .-"}

    def walk(items):
        for op, value in items:
            if op is sre.LITERAL:
                found.add(chr(value))
            elif op is sre.IN:
                for kind, member in value:
                    if kind is sre.LITERAL:
                        found.add(chr(member))
                    elif kind is sre.RANGE:
                        found.update(chr(member[0]) + chr(member[1]))
                    elif kind is sre.CATEGORY:
                        found.update(classes.get(member, ""))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                walk(value[2])
            elif op is sre.SUBPATTERN:
                walk(value[3])
            elif op is sre.BRANCH:
                for branch in value[1]:
                    walk(branch)
            elif op is sre.ATOMIC_GROUP:
                walk(value)
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(value[1])

    source = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    walk(sre_parse.parse(source, pattern.flags & ~re.UNICODE & ~re.ASCII))
    found |= set(" a1A.,:-'\"")
    if isinstance(pattern.pattern, bytes):
        found = {ch for ch in found if ord(ch) < 256}
    return sorted(found - {"\r", "\n"})  # lines: a pattern over whole texts is tested on lines too


def as_subject(pattern: re.Pattern, text: str):
    return text.encode("latin-1", "replace") if isinstance(pattern.pattern, bytes) else text


def cpu_seconds(pattern: re.Pattern, line) -> float:
    """CPU time of search, match, fullmatch and finditer over ``line``; a runaway is stopped at ``GUARD``."""
    def stop(*_):
        raise TimeoutError(f"still matching after {GUARD} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, GUARD)
    try:
        started = time.process_time()
        pattern.search(line)
        pattern.match(line)
        pattern.fullmatch(line)
        for _ in pattern.finditer(line):
            pass
        return time.process_time() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def adversarial_lines(draw, pattern: re.Pattern):
    """A string the pattern matches, with a long run of the pattern's own characters cut into it and a
    character at the end that may break the match: where backtracking patterns go quadratic or worse."""
    own = characters_of(pattern)
    alphabet = st.sampled_from(sorted(set(own) | set(string.ascii_letters + string.digits + " .,:;-'\"()") | set(TYPOGRAPHIC)))
    text_pattern = re.compile(pattern.pattern.decode("latin-1"), pattern.flags & ~re.ASCII) if isinstance(pattern.pattern, bytes) else pattern
    try:
        matching = draw(st.from_regex(text_pattern, alphabet=alphabet))
    except Exception:
        matching = ""
    matching = matching.replace("\r", " ").replace("\n", " ")
    cut = draw(st.integers(0, len(matching)))
    unit = draw(st.text(st.sampled_from(own), min_size=1, max_size=3))
    ending = draw(st.sampled_from(["", "!", "x", "1", " ", *own]))
    return matching[:cut] + unit * (LINE_LENGTH // len(unit)) + matching[cut:] + ending


@pytest.mark.parametrize("name", sorted(patterns()))
@settings(max_examples=20, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(data=st.data())
def test_each_pattern_reads_a_long_adversarial_line_in_linear_time(name, data):
    pattern = patterns()[name]
    line = as_subject(pattern, data.draw(adversarial_lines(pattern)))
    seconds = cpu_seconds(pattern, line)
    assert seconds < BUDGET, f"{name} took {seconds:.2f} s over a line of {len(line):,} characters: {line[:60]!r}..."


def test_the_time_budget_catches_the_pattern_that_stalled_a_real_page():
    """The date line's label, colon and spaces, before: quadratic in a run of spaces, which a saved page
    pads its navigation with ("Extra" and 6,000 spaces took a minute a line)."""
    date_line_before = re.compile(r"^(?P<label>[^\W\d_](?:[^\W\d_]| ){0,20}?)?\s*:?\s*(?:on\s+)?(?P<date>\d{4}-\d\d-\d\d)$")
    assert cpu_seconds(date_line_before, "Extra" + " " * 1000 + "x") > BUDGET
    split_before = re.compile(r"\s+(?=updated)")
    assert cpu_seconds(split_before, "a" + " " * LINE_LENGTH + "x") > BUDGET
