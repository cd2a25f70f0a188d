"""briefing: news articles in, a briefing pack out (MyST pages, a Sphinx site and a PDF)."""

__version__ = "0.1.0"
