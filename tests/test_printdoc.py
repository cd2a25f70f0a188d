"""The print document written page by page (briefing.sphinxext.printdoc); the builds that use it are in
tests/test_sphinxext.py, tests/test_pack.py and tests/test_pdf_parts.py."""

from __future__ import annotations

import io

from briefing.sphinxext.printdoc import Spool


def test_the_spool_puts_each_pages_html_at_its_mark_however_deep():
    spool = Spool()
    article = spool.put("<section>Article, &lt;!-- briefing 0 --&gt;</section>")
    story = spool.put(f"<section>Story{article}</section>")
    other = spool.put("<section>Another</section>")
    out = io.StringIO()
    spool.write(f"<main>{story}{other}</main>", out)
    assert out.getvalue() == "<main><section>Story<section>Article, &lt;!-- briefing 0 --&gt;</section></section><section>Another</section></main>"
    spool.close()


def test_a_mark_is_a_comment_only_this_build_writes():
    first, second = Spool(), Spool()
    mark = first.put("<p>page</p>")
    assert mark.startswith("<!--") and mark.endswith("-->")
    out = io.StringIO()
    second.write(f"<p>{mark}</p>", out)  # another build's mark (or a page quoting one) stays what it is
    assert out.getvalue() == f"<p>{mark}</p>"
    first.close()
    second.close()
