# The two commands a newcomer needs: `make book` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha256sum | cut -c1-12)
CHROMIUM := /usr/bin/chromium

.PHONY: help book test lint data chromium pdf bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	rm -f $(VENV)/.installed-* && touch $@

chromium: ## Install Debian's Chromium for the browser tests, if absent
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

data: $(STAMP) ## Regenerate blocks, sentences and quotes from the article and annotations
	$(BIN)/python -m callreport.build

book: $(STAMP) ## Build the book into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . -W -n --keep-going

lint: $(STAMP) ## ruff check and ruff format --check over package, tests and notebooks
	$(BIN)/ruff check callreport tests chapters
	$(BIN)/ruff format --check callreport tests chapters

test: book chromium lint ## Build the book, then run every test (data, notebooks with strict nbval, browser)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval chapters

clean: ## Remove the build (keeps the virtual environment)
	rm -rf _build
