"""The briefing site in a real browser: Debian's chromium, headless, driven by Playwright.

The seeds are converted and built as HTML in a temporary project (as in test_site.py), served from
a local HTTP server, and opened in chromium. Screenshots land in ``<build>/screenshots/``.
Where chromium is missing or cannot start, every test here is skipped with a one-line reason.
``BRIEFING_CHROMIUM`` points the tests at another chromium binary (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
HOW_TO_GET_CHROMIUM = "`make setup` installs it when run as root; otherwise `sudo apt-get install chromium`"
#: An article page's name in the built site (story pages are ``story-NNN_...``).
ARTICLE_PAGE = re.compile(r"generated/\d{3}_[0-9a-f]{16}\.html")
QUOTE_HREF = re.compile(r"#quote-\d+$")
TRANSPARENT = {"transparent", "rgba(0, 0, 0, 0)"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def browser():
    """Headless chromium, or a skip that says what is missing and how to get it."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: .venv/bin/python -m pip install -e '.[test]' (make setup does)")
    executable = os.environ.get("BRIEFING_CHROMIUM") or CHROMIUM
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        pytest.skip(f"chromium not found at {executable}: {HOW_TO_GET_CHROMIUM}")
    # Chromium's sandbox refuses to run as root.
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, headless=True, args=args, timeout=30_000)
        except Error as error:
            pytest.skip(f"chromium at {executable} cannot start ({launch_failure(str(error))}): {HOW_TO_GET_CHROMIUM}")
        yield launched
        launched.close()


def launch_failure(message: str) -> str:
    """The telling line of Playwright's launch error: chromium's own complaint, else how it exited."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    said = [re.sub(r"^.*?\[err\]\s*", "", line) for line in lines if "[err]" in line]
    exited = [m.group(0) for line in lines if (m := re.search(r"process did exit: exitCode=[^>]*", line))]
    line = (said or exited or lines or ["no message"])[0]
    return line if len(line) <= 160 else line[:157] + "..."


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class Site:
    build: Path  # the Sphinx build folder: html/ and screenshots/ are in it
    url: str  # where build/html is served, ending in "/"

    @property
    def html(self) -> Path:
        return self.build / "html"

    def article_pages(self) -> list[str]:
        pages = sorted(p.relative_to(self.html).as_posix() for p in (self.html / "generated").glob("*.html"))
        return [p for p in pages if ARTICLE_PAGE.fullmatch(p)]


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    """The seeds built as an HTML site in a copy of docs/, served on 127.0.0.1 at an ephemeral port.

    It asks for the browser first so that a machine without chromium skips before building.
    """
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(ROOT / "seeds", project / "seeds")
    run(sys.executable, "-m", "briefing", "convert", "seeds", "--out", "docs/generated", cwd=project)
    run(sys.executable, "-m", "sphinx", "-M", "html", "docs", "build", "-W", "--keep-going", "-q", cwd=project)
    build = project / "build"
    handler = functools.partial(_QuietHandler, directory=str(build / "html"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(build=build, url=f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Problems:
    """What went wrong while a page loaded: console errors, uncaught exceptions, failed requests."""

    items: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.items.append(f"uncaught exception: {e}"))
        page.on("requestfailed", lambda r: self.items.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.items.append(f"HTTP {r.status}: {r.url}"))

    def _console(self, message) -> None:
        url = message.location.get("url", "")
        # Chromium asks for /favicon.ico by itself when a page declares no icon (docs/conf.py sets no
        # html_favicon); that 404 is the browser's guess, not a request of the page.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            self.items.append(f"console error: {message.text} ({url or 'no url'})")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def problems(page) -> Problems:
    found = Problems()
    found.watch(page)
    return found


def assert_png(path: Path) -> None:
    from PIL import Image  # WeasyPrint depends on Pillow

    assert path.is_file(), path
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    with Image.open(path) as image:
        width, height = image.size
        assert width >= 800 and height >= 600, f"{path} is only {width}x{height}"
        low, high = image.convert("L").getextrema()
        assert high - low > 100, f"{path} is (nearly) one colour"
    assert path.stat().st_size > 20_000, f"{path} is only {path.stat().st_size} bytes"


def load_and_screenshot(page, problems: Problems, site: Site, path: str, name: str) -> Path:
    response = page.goto(site.url + path, wait_until="networkidle")
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    assert problems.items == [], f"{path}:\n" + "\n".join(problems.items)
    shot = site.build / "screenshots" / f"{name}.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert_png(shot)
    return shot


def test_landing_page_loads_cleanly_and_is_screenshotted(page, problems, site):
    root = (site.html / "index.html").read_text(encoding="utf-8")
    assert 'href="generated/index.html"' in root, "the docs root no longer links to the brief"
    load_and_screenshot(page, problems, site, "generated/index.html", "landing")
    assert page.locator("article h1").first.is_visible()
    # The brief links to every article page.
    hrefs = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)")
    for article in site.article_pages():
        assert any(h.split("#")[0].endswith(article) for h in hrefs), f"the brief does not link to {article}"


def test_article_page_loads_cleanly_and_is_screenshotted(page, problems, site):
    articles = site.article_pages()
    assert articles, "no article page in the build"
    load_and_screenshot(page, problems, site, articles[0], "article")
    headings = page.locator("article h2").all_inner_texts()
    for section in ("Summary", "Key quotes", "Actors", "Full text"):
        assert any(section in h for h in headings), f"{articles[0]} has no {section!r} section: {headings}"


def test_search_finds_an_article(page, problems, site):
    page.goto(site.url + "search.html?q=Yoon", wait_until="networkidle")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(state="attached")
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(ARTICLE_PAGE.search(h) for h in hrefs), f"no article page among the results: {hrefs}"
    assert problems.items == [], "\n".join(problems.items)


def test_quote_link_lands_on_the_highlighted_quote(page, problems, site):
    article = site.article_pages()[0]
    page.goto(site.url + article, wait_until="networkidle")
    links = page.locator(".briefing-quote a[href*='#quote-']")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(QUOTE_HREF.search(h) for h in hrefs), f"{article}: key quotes without #quote-N links: {hrefs}"
    target = "#" + hrefs[0].rsplit("#", 1)[1]
    links.first.click()
    page.wait_for_function("hash => location.hash === hash", arg=target)
    mark = page.locator(target)
    assert mark.count() == 1, f"{article}: no element with id {target[1:]!r}"
    assert "briefing-quote-mark" in (mark.get_attribute("class") or "").split()
    # The page may scroll smoothly: wait until the quote is in the viewport.
    page.wait_for_function(
        """id => {
            const r = document.getElementById(id).getBoundingClientRect();
            return r.top >= 0 && r.top < window.innerHeight;
        }""",
        arg=target[1:],
        timeout=5_000,
    )
    background = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in TRANSPARENT, f"{target} is not highlighted (background {background})"
    assert problems.items == [], "\n".join(problems.items)
