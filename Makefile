# briefing: news articles in, a briefing site and a PDF pack out.
# `make help` lists the verbs. Any other target is handed to Sphinx (`make latex`, `make singlehtml`, ...).

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
SOURCES    ?= seeds
SOURCEDIR  := docs
BUILDDIR   := build
GENERATED  := $(SOURCEDIR)/generated
SPHINXOPTS ?=
# Sphinx reads and writes pages in parallel (every extension used declares itself safe; the output is
# the same bytes as a serial build, see tests/test_reproducible.py). SPHINXJOBS=1 builds serially.
SPHINXJOBS ?= auto
PYTESTOPTS ?=
EVAL       ?= ../shared/eval
INSTALLED  := $(VENV)/.installed
# Optional Debian packages: HarfBuzz subsetting halves PDF time; Nanum fonts print Hangul names.
# harfbuzz-subset: PDF fonts subset fast; nanum: Hangul; graphviz: the actor network; chromium: browser tests;
# poppler-utils: pdftoppm renders the pack's pages as PNG (tests and benchmarks), pdfinfo
SYSTEM_PACKAGES := libharfbuzz-subset0 fonts-nanum graphviz chromium poppler-utils

.DEFAULT_GOAL := help
.PHONY: help setup system-packages convert html pdf livehtml test bench clean distclean

help:
	@echo "briefing: turn the articles in $(SOURCES)/ into a briefing site and a PDF pack"
	@echo ""
	@echo "  make pdf        set up, convert the articles, build $(BUILDDIR)/html/ and $(BUILDDIR)/pdf/briefing.pdf"
	@echo "  make html       set up, convert the articles, build the site in $(BUILDDIR)/html/"
	@echo "  make test       set up and run the whole test suite (including real site and PDF builds)"
	@echo "  make convert    only write the MyST pages into $(GENERATED)/"
	@echo "  make livehtml   preview the site with live reload (sphinx-autobuild)"
	@echo "  make bench      run the quality and speed benchmarks on the data in EVAL=$(EVAL)"
	@echo "  make clean      remove $(BUILDDIR)/ (generated pages in $(GENERATED)/ are kept)"
	@echo "  make distclean  also remove the virtualenv $(VENV)/"
	@echo "  make <builder>  any other Sphinx builder, e.g. make singlehtml"
	@echo ""
	@echo "Variables: SOURCES=folder-or-files (default seeds), SPHINXOPTS, SPHINXJOBS (default auto), PYTESTOPTS, PYTHON."

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "briefing: installing system packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	      || echo "briefing: warning: could not install$$missing; the site and PDF still build (see README: System packages)"; \
	  else \
	    echo "briefing: warning: missing system packages:$$missing (see README: System packages);"; \
	    echo "briefing: warning: install them with: sudo apt-get install$$missing"; \
	  fi; \
	fi

setup: $(INSTALLED) system-packages

convert: setup
	$(BIN)/briefing convert $(SOURCES) --out $(GENERATED) --cache $(BUILDDIR)/cache

html: convert
	$(BIN)/sphinx-build -M html "$(SOURCEDIR)" "$(BUILDDIR)" -j $(SPHINXJOBS) $(SPHINXOPTS)

pdf: convert
	$(BIN)/sphinx-build -M html "$(SOURCEDIR)" "$(BUILDDIR)" -j $(SPHINXJOBS) $(SPHINXOPTS)
	$(BIN)/sphinx-build -M pdf "$(SOURCEDIR)" "$(BUILDDIR)" -j $(SPHINXJOBS) $(SPHINXOPTS)
	@echo "briefing: PDF pack in $(BUILDDIR)/pdf/briefing.pdf"

livehtml: convert
	@test -x $(BIN)/sphinx-autobuild || $(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[live]"
	$(BIN)/sphinx-autobuild "$(SOURCEDIR)" "$(BUILDDIR)/html" $(SPHINXOPTS)

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --slow $(PYTESTOPTS)

bench: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	$(BIN)/python benchmarks/headlines.py $(EVAL)/basil/dev.jsonl
	$(BIN)/python benchmarks/quotes.py $(EVAL)/polnear/train.jsonl
	$(BIN)/python benchmarks/actors.py $(EVAL)/basil/dev.jsonl
	$(BIN)/python benchmarks/events.py $(EVAL)/basil/dev.jsonl
	$(BIN)/python benchmarks/ingest.py $(EVAL)
	$(BIN)/python benchmarks/summary.py $(EVAL)/bbc-summary/odd.jsonl --part report
	$(BIN)/python benchmarks/pdf.py $(EVAL)
	$(BIN)/python benchmarks/scale.py $(EVAL)
	$(BIN)/python benchmarks/limits.py $(EVAL)

clean:
	rm -rf "$(BUILDDIR)"

distclean: clean
	rm -rf "$(VENV)"

# Files that the catch-all below must never try to build.
Makefile pyproject.toml: ;

# Catch-all, as in sphinx-quickstart's Makefile: any Sphinx builder is a target.
%: Makefile convert
	$(BIN)/sphinx-build -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS)
