# The two commands a newcomer needs: `make book` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha256sum | cut -c1-12)
CFF := .venv-cff/bin/cffconvert
# Debian's Chromium by default; point CHROMIUM elsewhere (Google Chrome on a GitHub runner, say).
export CHROMIUM ?= /usr/bin/chromium

.PHONY: help book html pdf test lint data citation addresses chromium clean

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

chromium: ## Install Debian's Chromium (for the PDF and the browser tests), if absent
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

book: html pdf ## Build the book into _build/html, with the whole report as report.pdf

html: $(STAMP) ## Build the HTML book only (warnings are errors; notebooks run when they change)
	$(BIN)/jupyter-book build . -W -n --keep-going

pdf: html chromium ## Print the single-page build to _build/html/report.pdf with Chromium
	$(BIN)/python -m callreport.pdf

lint: $(STAMP) ## ruff check and ruff format --check over the package, tests and notebooks
	$(BIN)/ruff check callreport tests chapters
	$(BIN)/ruff format --check callreport tests chapters

test: book lint $(CFF) ## Build the book, then run every test (data, charts, site, browser, strict nbval)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval chapters

data: $(STAMP) ## Regenerate blocks, sentences and quotes from the article and the annotations
	$(BIN)/python -m callreport.build

citation: $(STAMP) ## Rewrite CITATION.cff from the metadata in _config.yml
	$(BIN)/python -m callreport.metadata

addresses: html ## Append the addresses a new build adds to stable-addresses.txt (never removes)
	$(BIN)/python -m callreport.addresses

clean: ## Remove the build (keeps the virtual environments)
	rm -rf _build
