# The two commands a newcomer runs: `make generate`, then `make test`.
# Each target creates and fills .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: generate check test test-corpus lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

generate: $(STAMP)
	$(BIN)/swaggen generate

check: $(STAMP)
	$(BIN)/swaggen check

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

test-corpus: $(STAMP)
	$(BIN)/python -m pytest -n auto -m corpus tests/test_corpus.py

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/black --check generator tests benchmarks
	$(BIN)/mypy --strict generator

format: $(STAMP)
	$(BIN)/ruff check --fix generator tests benchmarks
	$(BIN)/black generator tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
