# The two commands a newcomer needs: `make book` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
# The first CPython of the supported range (pyproject.toml's requires-python) on the PATH, by version.
SUPPORTED_PYTHON := 3.11 3.12 3.13
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in $(foreach v,$(SUPPORTED_PYTHON),python$(v)) python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null && { command -v $$p; break; }; done)
endif
VENV := .venv
BIN := $(VENV)/bin
# Each venv installs exactly its lock (make lock writes them); a changed lock makes the venv anew.
lockhash = $(shell cat requirements-pip.lock $(1) | sha256sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(call lockhash,requirements.lock pyproject.toml)
CFF := .venv-cff/.installed-$(call lockhash,requirements-cff.lock)
LAB := .venv-lab/.installed-$(call lockhash,requirements-lab.lock)
LOCKS := requirements requirements-cff requirements-lab requirements-pip
# Debian's Chromium by default; point CHROMIUM elsewhere (Google Chrome on a GitHub runner, say).
export CHROMIUM ?= /usr/bin/chromium

.PHONY: help setup book html cards pdf check test bench lint lock validate outputs data citation site addresses icons vendor lab clean clean-room

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# $(call venv,DIR,LOCK): a fresh venv holding the pinned pip, then every package of LOCK, each
# file checked against the hashes in the lock.
define venv
	@test -n "$(PYTHON)" || { echo "No Python $(SUPPORTED_PYTHON) found: install one (Debian 12: apt-get install python3 python3-venv) or set PYTHON" >&2; exit 1; }
	rm -rf $(1) && $(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --require-hashes -r requirements-pip.lock
	$(1)/bin/python -m pip install --quiet --require-hashes -r $(2)
endef

$(STAMP): requirements-pip.lock requirements.lock pyproject.toml
	$(call venv,$(VENV),requirements.lock)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(CFF): requirements-pip.lock requirements-cff.lock
	$(call venv,.venv-cff,requirements-cff.lock)
	touch $@

$(LAB): requirements-pip.lock requirements-lab.lock | $(STAMP)
	$(call venv,.venv-lab,requirements-lab.lock)
	$(BIN)/python -m ipykernel install --prefix .venv-lab --name python3 --display-name "Python 3 (report)" >/dev/null
	touch $@

lock: $(STAMP) ## Rewrite the hash-pinned requirements*.lock from requirements*.txt, after changing a pin
	for name in $(LOCKS); do \
		$(BIN)/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" \
			$$name.txt -o $$name.lock || exit 1; \
	done

lab: $(LAB) ## Open the chapters in JupyterLab, trusted so their charts show, running on the report's own environment
	.venv-lab/bin/jupyter-trust chapters/*.ipynb
	.venv-lab/bin/jupyter-lab chapters/

setup: ## Install the Debian packages the book and tests need, those absent (scripts/install-system-packages; as root)
	@scripts/install-system-packages

book: setup html cards pdf ## Set up, build the book into _build/html, draw its sharing cards and print the whole report as report.pdf

html: $(STAMP) ## Build the HTML book from the notebooks' committed outputs; stops if any is stale (make outputs)
	$(BIN)/python -m callreport.book.outputs --check
	$(BIN)/jupyter-book build . -W -n --keep-going

cards: html ## Draw each page's sharing card (its link preview) into _build/html/cards, those whose text changed
	$(BIN)/python -m callreport.book.cards

pdf: html ## Print the single-page build to _build/html/report.pdf with Chromium
	$(BIN)/python -m callreport.book.pdf

lint: $(STAMP) ## ruff check and ruff format --check over the package, tests, notebooks, benchmark and scripts/zotero-check
	$(BIN)/ruff check callreport tests chapters bench scripts/zotero-check
	$(BIN)/ruff format --check callreport tests chapters bench scripts/zotero-check

check: lint $(CFF) ## Lint, then run every test that needs no built book and no browser (the fast tier, under 30 s)
	$(BIN)/python -m pytest -m "not book and not browser" -n auto

test: book lint $(CFF) $(LAB) tests/node_modules/axe-core/axe.min.js ## Set up and build the book (make book), then run every test (strict nbval too)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval chapters

validate: $(STAMP) ## Check every file in data/ against the codebook: prints "ok" with counts, or the one error
	$(BIN)/python -m callreport validate

outputs: $(STAMP) ## Execute the notebooks whose inputs changed, storing outputs and fingerprints (NOTEBOOKS=--all: every one)
	$(BIN)/python -m callreport.book.outputs $(NOTEBOOKS)

data: $(STAMP) ## Regenerate blocks, sentences and quotes from the article and the annotations
	$(BIN)/python -m callreport.dataset.generate

citation: $(STAMP) ## Rewrite CITATION.cff and .zenodo.json from the metadata in _config.yml
	$(BIN)/python -m callreport.book.metadata

icons: $(STAMP) ## Rewrite callreport/book/static/icons.css, the theme's icons without its icon script
	$(BIN)/python -m callreport.book.icons

vendor: $(STAMP) ## Rewrite the committed Vega bundle and interpreter after an upgrade (needs npm)
	$(BIN)/python -m callreport.book.vendor

site: $(STAMP) ## Assemble _build/site: this build beside every published release, each under v/<version>/ (reads the published site)
	$(BIN)/python -m callreport.book.versions fetch "$$($(BIN)/python -c 'from callreport.book import metadata; print(metadata.read().url)')" _build/published
	$(BIN)/python -m callreport.book.versions assemble _build/html _build/published _build/site

addresses: html ## Append the addresses a new build adds to stable-addresses.txt, with the text each id names (never removes)
	$(BIN)/python -m callreport.book.addresses

tests/node_modules/axe-core/axe.min.js: tests/package.json tests/package-lock.json
	cd tests && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench/node_modules/.bin/lighthouse: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --loglevel=error

bench: setup book $(CFF) $(LAB) bench/node_modules/.bin/lighthouse ## Measure builds, page weight, first chart and Lighthouse against a plain Jupyter Book; exits non-zero past a budget
	$(BIN)/python -m bench.run

# Slow (a Debian root, then every package from the registries), so no part of make test.
clean-room: ## As root: make book then make test in a fresh Debian 12 root on a clone of HEAD (CLEAN_ROOM_REV=another)
	.ci/clean-room $(CLEAN_ROOM_REV)

clean: ## Remove the build (keeps the virtual environments)
	rm -rf _build
