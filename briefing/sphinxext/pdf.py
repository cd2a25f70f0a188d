"""The ``pdf`` builder: the whole project as one HTML document, printed by WeasyPrint.

How it works:

1. :class:`PDFBuilder` is a ``singlehtml`` builder (so sphinx-design's HTML post-transforms apply and
   pages are written in toctree order) using the plain ``basic`` theme, not the site theme.
2. Instead of inlining every page into one doctree, it writes the body page by page
   (:mod:`briefing.sphinxext.printdoc`): each page's ids made unique and its top section tagged with its
   role (:mod:`briefing.sphinxext.ids`), the page given the pack's shape (:mod:`briefing.sphinxext.pack`).
3. Instead of the theme's page it renders ``templates/print.html``: cover, contents (page numbers by
   ``target-counter``), the body, and the CSS files extensions registered plus ``briefing-print.css``.
4. ``finish`` prints that HTML with WeasyPrint through :class:`OutputDirFetcher`, which reads only
   files under the output directory and ``data:`` URIs.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO
from urllib.parse import unquote, urlsplit

from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.util.display import progress_message
from sphinx.util.osutil import relative_uri

from briefing.page_contract import GENERATED_KEY
from briefing.sphinxext import PRINT_CSS, TEMPLATES_DIR
from briefing.sphinxext.ids import DocEntry
from briefing.sphinxext.pack import PackOptions, Site, contents_entries, in_contents

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)

PRINT_TEMPLATE = "print.html"
#: Pages the site has but the pack leaves out: one page per actor would bloat it; the actors index,
#: the quotes by speaker and the articles say the same.
#: The intermediate document WeasyPrint prints; kept in the output dir for debugging.
PRINT_HTML = "briefing.html"


@dataclass
class CoverData:
    """What the cover says about the articles, from their front matter."""

    articles: int = 0
    first_date: str | None = None
    last_date: str | None = None
    #: (outlet, number of articles), most articles first.
    sources: list[tuple[str, int]] = field(default_factory=list)

    @property
    def date_range(self) -> str:
        if not self.first_date:
            return ""
        if self.first_date == self.last_date:
            return self.first_date
        return f"{self.first_date} – {self.last_date}"


def _front_matter_text(value: object) -> str | None:
    # Front matter nulls may reach env.metadata as None or as the strings "None"/"null".
    if value is None:
        return None
    text = str(value).strip()
    return None if text in {"", "None", "null", "~"} else text


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> str | None:
    text = _front_matter_text(value)
    if text is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    match = _ISO_DATE.match(text)
    return match.group(0) if match else None


def cover_data(metadata: Mapping[str, Mapping[str, Any]], docnames: Iterable[str]) -> CoverData:
    """Count the article pages among *docnames* and gather their date range and outlets."""
    dates = []
    outlets: Counter[str] = Counter()
    articles = 0
    for docname in docnames:
        meta = metadata.get(docname, {})
        if meta.get(GENERATED_KEY) != "article":
            continue
        articles += 1
        if published := _iso_date(meta.get("published")):
            dates.append(published)
        if outlet := _front_matter_text(meta.get("outlet")):
            outlets[outlet] += 1
    return CoverData(
        articles=articles,
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        sources=sorted(outlets.items(), key=lambda item: (-item[1], item[0])),
    )


def source_date() -> datetime | None:
    """The build time fixed by ``SOURCE_DATE_EPOCH``, if set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=UTC)


def make_url_fetcher(root: Path):
    """A WeasyPrint fetcher that serves ``data:`` URIs and ``file:`` URLs under *root*, nothing else."""
    from weasyprint.urls import URLFetcher

    class OutputDirFetcher(URLFetcher):
        """Refuses network URLs and files outside the build output directory."""

        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.root = Path(root).resolve()

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "file":
                if parts.netloc not in ("", "localhost"):
                    raise ValueError(f"refusing remote file URL: {url}")
                path = Path(unquote(parts.path)).resolve()
                if not path.is_relative_to(self.root):
                    raise ValueError(f"refusing file outside the build output directory: {url}")
            elif scheme != "data":
                raise ValueError(f"refusing non-local URL: {url}")
            return super().fetch(url, headers)

    return OutputDirFetcher(root)


class _WeasyPrintLogBridge:
    """Pass WeasyPrint's log to Sphinx: failed resources become warnings, CSS chatter stays verbose."""

    def __init__(self) -> None:
        import logging as std_logging

        class Handler(std_logging.Handler):
            def emit(self, record: std_logging.LogRecord) -> None:
                message = record.getMessage()
                if record.levelno >= std_logging.ERROR or (
                    record.levelno >= std_logging.WARNING and "Failed to load" in message
                ):
                    logger.warning("WeasyPrint: %s", message, type="briefing", subtype="pdf")
                else:
                    logger.verbose("WeasyPrint: %s", message)

        self.handler = Handler()
        self.loggers = [std_logging.getLogger("weasyprint")]

    def __enter__(self) -> _WeasyPrintLogBridge:
        for log in self.loggers:
            log.addHandler(self.handler)
            self._propagate = log.propagate
            log.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        for log in self.loggers:
            log.removeHandler(self.handler)
            log.propagate = self._propagate


class PDFBuilder(SingleFileHTMLBuilder):
    """Build the project as one printable HTML document and print it to ``briefing_pdf_filename``."""

    name = "pdf"
    format = "html"  # sphinx-design and other HTML post-transforms must run
    epilog = "The PDF is in %(outdir)s."
    search = False
    copysource = False

    def init(self) -> None:
        # Permalink "#" signs inside headings would leak into bookmarks and contents.
        self.config.html_permalinks = False
        self.doc_entries: list[DocEntry] = []
        super().init()
        self.events.connect("env-before-read-docs", _keep_doctrees_on_disk, 500)

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        # The print document is rendered by our own template; the site theme only brings noise.
        return "basic", {}

    def write_documents(self, _docnames: Set[str]) -> None:
        """Write the print document's body page by page (:mod:`briefing.sphinxext.printdoc`), not from one
        doctree of every page as ``singlehtml`` does, then the print document around it."""
        from briefing.sphinxext.printdoc import PrintDocument

        self.prepare_writing(self.env.all_docs.keys())
        config = self.config
        root = config.root_doc
        base = (config.html_baseurl or "").strip()
        site = Site(base, config.html_link_suffix or config.html_file_suffix or ".html") if base else None
        options = PackOptions(config.briefing_pdf_full_text, config.briefing_pdf_full_text_limit, site)
        # What write_doc sets for the translator of the one page singlehtml writes.
        self.secnumbers = self.assemble_toc_secnumbers().get(root, {})
        self.fignumbers = self.assemble_toc_fignumbers().get(root, {})
        self.imgpath = relative_uri(self.get_target_uri(root), "_images")
        self.dlpath = relative_uri(self.get_target_uri(root), "_downloads")
        self.current_docname = root
        with progress_message("writing the print document page by page"):
            written = PrintDocument(self, options).write()
        if summary := written.arranged.summary():
            logger.info("briefing: the pack: %s", summary)
        self.doc_entries = contents_entries(written.entries, written.articles)
        try:
            self.write_print_document(written.write_body)
        finally:
            written.spool.close()

    # -- rendering -------------------------------------------------------------------------------

    def _print_css_files(self) -> list[str]:
        """Stylesheets of the print document: what extensions registered, then the print CSS."""
        files = ["_static/pygments.css"]
        for filename, _attrs in self._registry.css_files:
            if "://" not in filename:
                files.append(f"_static/{filename}")
        files.append(f"_static/{PRINT_CSS}")
        return list(dict.fromkeys(files))

    def render_print_document(self, body: str) -> str:
        import jinja2
        from markupsafe import Markup

        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        config = self.config
        built = source_date()
        entries = self.doc_entries
        cover = cover_data(self.env.metadata, [entry.docname for entry in entries])
        return environment.get_template(PRINT_TEMPLATE).render(
            language=config.language or "en",
            title=config.briefing_title,
            organisation=config.briefing_organisation,
            marking=config.briefing_marking,
            cover=cover,
            contents=[entry for entry in in_contents(entries, cover.articles) if entry.docname != config.root_doc or len(entries) == 1],
            css_files=self._print_css_files(),
            body=Markup(body),
            built=built.strftime("%Y-%m-%dT%H:%M:%SZ") if built else None,
        )

    def write_print_document(self, write_body: Callable[[IO[str]], None]) -> None:
        """Write the print document, its body streamed by ``write_body`` into the template's place for it."""
        mark = f"<!-- briefing body {secrets.token_hex(8)} -->"
        head, tail = self.render_print_document(mark).split(mark)
        with (self.outdir / PRINT_HTML).open("w", encoding="utf-8") as out:
            out.write(head)
            write_body(out)
            out.write(tail)

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        *,
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        # The print document is written by write_documents; html_additional_pages and friends have no place
        # in the print pack.
        return

    def finish(self) -> None:
        super().finish()
        give_back_memory()
        self.write_pdf()

    def write_pdf(self) -> None:
        """Print the print document to ``briefing_pdf_filename`` as ``briefing_pdf_variant`` says.

        A pack larger than ``briefing_pdf_part_pages`` is printed in parts in parallel processes and
        joined (:mod:`briefing.sphinxext.printer`); a smaller one in one piece. The PDF is written to a new
        file beside the target, which replaces the target only once the whole PDF is on disk: a failed or
        interrupted print leaves the previous PDF as it was (or none) and fails the build saying why (and
        which part failed).
        """
        from briefing.sphinxext.printer import ELEMENTS_PER_PAGE, PartFailed, print_in_parts

        source = self.outdir / PRINT_HTML
        target = self.outdir / self.config.briefing_pdf_filename
        variant = self.config.briefing_pdf_variant
        part_pages = getattr(self.config, "briefing_pdf_part_pages", 0)
        started = time.perf_counter()
        with _WeasyPrintLogBridge():
            try:
                if part_pages and _elements(source) > part_pages * ELEMENTS_PER_PAGE:
                    printed = print_in_parts(
                        source, lambda save: _save(target, save), root=self.outdir, variant=variant,
                        jobs=getattr(self.config, "briefing_pdf_jobs", 0) or None, budget=part_pages * ELEMENTS_PER_PAGE,
                    )
                    for warning in printed.warnings:
                        logger.warning("WeasyPrint: %s", warning, type="briefing", subtype="pdf")
                    pages, how = printed.pages, f", {printed.parts} parts"
                    logger.info("briefing: printed in parts: %s", ", ".join(f"{name} {seconds:.1f} s" for name, seconds in printed.phases.items()))
                else:
                    pages, how = write_whole(source, target, self.outdir, variant), ""
            except Exception as error:
                kept = "the previous one is kept" if target.is_file() else "none was written"
                cause = str(error) if isinstance(error, PartFailed) else f"{type(error).__name__}: {error}"
                message = f"briefing: could not print the PDF pack {target} ({cause}); {kept}"
                logger.error(message)  # one line above Sphinx's report of the exception
                raise PDFError(message) from error
        # benchmarks/pdf.py and scale.py read the pages and seconds from this line.
        logger.info(
            "wrote %s as %s (%d pages, %.1f s%s)", target, variant or "untagged PDF", pages,
            time.perf_counter() - started, how,
        )



class _Discarded(dict):
    """A doctree cache that keeps nothing."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def _keep_doctrees_on_disk(app: Any, env: Any, docnames: list[str]) -> None:
    """Sphinx keeps every doctree it reads in memory until it writes that page; the pack reads them back
    from their pickles one at a time, so this builder's reading keeps none (a thousand articles: ~0.8 GB)."""
    if hasattr(env, "_write_doc_doctree_cache"):
        env._write_doc_doctree_cache = _Discarded()


def write_whole(source: Path, target: Path, root: Path, variant: str) -> int:
    """Lay the whole print document out at once and write it to *target*; the number of pages."""
    from weasyprint import HTML

    document = HTML(filename=str(source), url_fetcher=make_url_fetcher(root)).render()
    with replacing(target) as handle:
        document.write_pdf(handle, **pdf_options(variant))
    return len(document.pages)


def give_back_memory() -> None:
    """Return to the system what writing the print document took (the print runs in other processes, while
    this one waits): a collection, then glibc's ``malloc_trim`` where there is one."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "malloc_trim"):
            libc.malloc_trim(0)
    except OSError:
        pass


def _elements(source: Path) -> int:
    """About how many elements the print document has (its start tags)."""
    count = 0
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            count += line.count("<") - line.count("</") - line.count("<!")
    return count


def _save(target: Path, save: Any) -> None:
    with replacing(target) as handle:
        save(handle)


class PDFError(SphinxError):
    """The PDF pack could not be printed; the build fails and the previous PDF, if any, is kept."""

    category = "PDF pack not printed"


def pdf_options(variant: str) -> dict[str, Any]:
    """WeasyPrint's ``write_pdf`` options for a ``briefing_pdf_variant``.

    ``"pdf/ua-1"``: PDF 1.7 with a structure tree (headings, lists, tables with header cells, figures with
    their alt text), ``/Lang`` from the print document's ``lang``, ``/MarkInfo /Marked true``,
    ``DisplayDocTitle`` and ``pdfuaid:part 1`` in the XMP metadata. ``"pdf/a-3b"``: PDF/A-3b
    identification in XMP, an sRGB output intent and a file identifier, tagged as well so that an
    archived pack still reads aloud. ``""``: untagged, no identification.
    """
    if not variant:
        return {}
    return {"pdf_variant": variant, "pdf_tags": True}


#: The file a print is written to before it replaces the target: ``.<name>.<pid>.<random>.part``.
PART_SUFFIX = ".part"


@contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """A binary file to write *target* through: a new file in the same folder that replaces *target*
    (``os.replace``, atomic) only when the ``with`` block ends without an exception, after being
    flushed to disk. On any exception, an interrupt included, the new file is removed and *target* is
    left as it was. Parts a killed build left behind are removed first."""
    import glob
    import secrets

    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f".{glob.escape(target.name)}.*{PART_SUFFIX}"):
        stale.unlink(missing_ok=True)
    part = folder / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{PART_SUFFIX}"
    # Created as any new file is (mode 0o666 less the umask), so the PDF keeps the permissions it always had.
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
