"""Sphinx configuration of the briefing pack: `make html` for the site, `make pdf` for the print pack."""

project = "Briefing"

extensions = [
    "myst_parser",  # the pages are MyST Markdown
    "sphinx_design",  # badges and cards in the generated pages
    "briefing.sphinxext",  # print CSS, cover data and the `pdf` builder
]

# The converter writes `:::` fences (cards, list tables), `{bdg-...}` roles and `[words]{#id .class}` spans
# (a quote's words in the full text, where the quote card links to).
myst_enable_extensions = ["colon_fence", "attrs_inline"]

html_theme = "furo"
html_title = project
html_show_copyright = False  # the pages are the articles' words, not ours to claim

# Build output and editor litter never become pages.
exclude_patterns = ["_build", "build", ".venv", "Thumbs.db", ".DS_Store", "readme"]  # readme/: README's pictures

# Quotes are shown as the source wrote them: no "smart" quote marks, dashes or ellipses.
smartquotes = False

# Cover page and running footer of the PDF (see briefing/sphinxext/__init__.py for all briefing_* values).
briefing_title = "Briefing"
briefing_organisation = ""
briefing_marking = ""
# Accent colour of titles and quote cards (hex), and what `briefing convert` takes from here:
# sentences per article summary and the spaCy model ("" picks en_core_web_sm, else its PyPI re-upload).
briefing_accent_colour = "#1f4e79"
briefing_summary_length = 3
briefing_model = ""
# The PDF pack: full texts as an annex ("auto": while at most briefing_pdf_full_text_limit articles;
# "always"; "never": the site has them), and what it conforms to ("pdf/ua-1" tagged, "pdf/a-3b", "" untagged).
briefing_pdf_full_text = "auto"
briefing_pdf_full_text_limit = 30
briefing_pdf_variant = "pdf/ua-1"
# A pack longer than about briefing_pdf_part_pages pages is printed in parts, briefing_pdf_jobs at once (0: a
# process per core), and joined; 0 lays it out in one piece.
briefing_pdf_part_pages = 150
briefing_pdf_jobs = 0
# html_baseurl = "https://briefing.example.org/"  # where the site is published: the pack links to it
