"""The second line of defence: generated pages can neither include files nor put out raw HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

HOSTILE_PAGE = """---
briefing: article
title: Hostile
---

# Hostile

```{raw} html
<script>alert("fence")</script>
```

:::{raw} html
<i id="colon-raw">x</i>
:::

```{include} /etc/passwd
```

```{literalinclude} /etc/hostname
```

<div id="html-block">block</div>

Some <span id="html-inline">inline</span> HTML.
"""

HAND_WRITTEN = """# Hand written

```{raw} html
<b id="hand-raw">kept</b>
```

```{toctree}
generated/page
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    source = tmp_path_factory.mktemp("guard") / "src"
    (source / "generated").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "conf.py", source / "conf.py")
    (source / "index.md").write_text(HAND_WRITTEN, encoding="utf-8")
    (source / "generated" / "page.md").write_text(HOSTILE_PAGE, encoding="utf-8")
    out = source.parent / "out"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(out)],
                            capture_output=True, text=True, env=os.environ, check=False)
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def test_a_generated_page_runs_no_raw_directive_and_includes_no_file(built):
    out, warnings = built
    page = (out / "generated" / "page.html").read_text(encoding="utf-8")
    for made in ("alert(", 'id="colon-raw"', 'id="html-block"', 'id="html-inline"', "root:"):
        assert made not in page, made
    assert Path("/etc/hostname").read_text(encoding="utf-8").strip() not in page
    assert warnings.count('"raw" directive disabled') == 2
    assert 'Directive "include" disabled' in warnings and "File insertion disabled" in warnings


def test_html_in_a_generated_page_is_shown_as_text(built):
    out, warnings = built
    page = (out / "generated" / "page.html").read_text(encoding="utf-8")
    assert "id=&quot;html-block&quot;&gt;" in page  # the tag as escaped text
    assert "raw html in a generated page shown as text" in warnings


def test_a_hand_written_page_keeps_its_raw_html(built):
    out, _ = built
    assert 'id="hand-raw"' in (out / "index.html").read_text(encoding="utf-8")


def test_the_page_on_disk_is_not_changed(built, tmp_path):
    page = built[0].parent / "src" / "generated" / "page.md"
    assert page.read_text(encoding="utf-8") == HOSTILE_PAGE
