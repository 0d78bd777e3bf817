# Every target builds .venv from pyproject.toml first, so a fresh clone needs only Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint screenshots bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/afterview demo

lint: $(STAMP)
	$(BIN)/ruff check db tui tests
	$(BIN)/lint-imports  # the layer contracts in pyproject.toml [tool.importlinter]

# Two processes for most of the suite, then the tests timed against the wall clock alone.
test: lint
	$(BIN)/python -m pytest -n 2 -m "not alone"
	$(BIN)/python -m pytest -m alone

screenshots: $(STAMP)
	$(BIN)/python screenshots/make_screenshots.py

bench: $(STAMP)
	$(BIN)/python tests/bench/run_bench.py

clean:
	rm -rf $(VENV)
