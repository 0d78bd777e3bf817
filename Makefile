# Every target builds .venv from pyproject.toml first, so a fresh clone needs only Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-pg lint screenshots bench clean

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

# Both engines (tests/pg.py starts a PostgreSQL server, installing Debian's package when
# missing and root). Two processes for most of the suite, then the tests timed against
# the wall clock alone. The long PostgreSQL race (two processes writing 1,000 times) is
# left to test-pg; the SQLite one runs here.
test: lint
	$(BIN)/python -m pytest -n 2 -m "not alone and not (pg and slow)"
	$(BIN)/python -m pytest -m "alone and not (pg and slow)"

test-pg: $(STAMP)
	$(BIN)/python -m pytest -m pg  # every PostgreSQL test, the race included

screenshots: $(STAMP)
	$(BIN)/python screenshots/make_screenshots.py

bench: $(STAMP)
	$(BIN)/python tests/bench/run_bench.py

clean:
	rm -rf $(VENV)
