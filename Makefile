# The two commands a newcomer needs: `make book` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha256sum | cut -c1-12)
CFF := .venv-cff/bin/cffconvert
LAB := .venv-lab/bin/jupyter-lab
# Debian's Chromium by default; point CHROMIUM elsewhere (Google Chrome on a GitHub runner, say).
export CHROMIUM ?= /usr/bin/chromium

.PHONY: help book html pdf check test bench lint outputs data citation addresses icons vendor chromium lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	rm -f $(VENV)/.installed-* && touch $@

$(CFF): requirements-cff.txt
	@test -x .venv-cff/bin/python || $(PYTHON) -m venv .venv-cff
	.venv-cff/bin/python -m pip install --quiet -r requirements-cff.txt
	touch $@

$(LAB): requirements-lab.txt $(STAMP)
	@test -x .venv-lab/bin/python || $(PYTHON) -m venv .venv-lab
	.venv-lab/bin/python -m pip install --quiet -r requirements-lab.txt
	$(BIN)/python -m ipykernel install --prefix .venv-lab --name python3 --display-name "Python 3 (report)" >/dev/null
	touch $@

lab: $(LAB) ## Open the chapters in JupyterLab, running on the report's own environment
	.venv-lab/bin/jupyter-lab chapters/

chromium: ## Install Debian's Chromium (for the PDF and the browser tests), if absent
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

book: html pdf ## Build the book into _build/html, with the whole report as report.pdf

html: $(STAMP) ## Build the HTML book only (warnings are errors; notebooks run when they or their inputs change)
	$(BIN)/python -m callreport.book.execute
	$(BIN)/jupyter-book build . -W -n --keep-going

pdf: html chromium ## Print the single-page build to _build/html/report.pdf with Chromium
	$(BIN)/python -m callreport.book.pdf

lint: $(STAMP) ## ruff check and ruff format --check over the package, tests, notebooks and benchmark
	$(BIN)/ruff check callreport tests chapters bench
	$(BIN)/ruff format --check callreport tests chapters bench

check: lint $(CFF) ## Lint, then run every test that needs no built book and no browser (the fast tier, under 30 s)
	$(BIN)/python -m pytest -m "not book and not browser" -n auto

test: book lint $(CFF) $(LAB) ## Build the book, then run every test (data, charts, site, browser, strict nbval)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval chapters

outputs: $(STAMP) ## Re-execute the notebooks in place, so their committed outputs are fresh
	$(BIN)/python -m callreport.book.outputs

data: $(STAMP) ## Regenerate blocks, sentences and quotes from the article and the annotations
	$(BIN)/python -m callreport.dataset.generate

citation: $(STAMP) ## Rewrite CITATION.cff from the metadata in _config.yml
	$(BIN)/python -m callreport.book.metadata

icons: $(STAMP) ## Rewrite callreport/book/static/icons.css, the theme's icons without its icon script
	$(BIN)/python -m callreport.book.icons

vendor: $(STAMP) ## Rewrite the committed Vega bundle after upgrading altair or vl-convert-python
	$(BIN)/python -m callreport.book.vendor

addresses: html ## Append the addresses a new build adds to stable-addresses.txt (never removes)
	$(BIN)/python -m callreport.book.addresses

bench/node_modules/.bin/lighthouse: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --loglevel=error

bench: book $(CFF) $(LAB) chromium bench/node_modules/.bin/lighthouse ## Measure builds, page weight, first chart and Lighthouse against a plain Jupyter Book; exits non-zero past a budget
	$(BIN)/python -m bench.run

clean: ## Remove the build (keeps the virtual environments)
	rm -rf _build
