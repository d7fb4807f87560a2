# Two commands on a fresh machine (Python 3.11+ and make):
#   make run   — set up, load the demo data into the SQLite file and serve the API on :8000
#   make test  — set up and run the whole suite against SQLite and PostgreSQL
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The suite runs against every store named here (PostgreSQL on 127.0.0.1:5432, trust auth).
SCRUTINY_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export SCRUTINY_TEST_POSTGRES_URL

.PHONY: setup run test lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Cannot make a virtualenv: on Debian, apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: setup
	$(BIN)/scrutiny demo
	$(BIN)/scrutiny serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: setup
	$(BIN)/ruff check domain projections api scheduler tests bench
	$(BIN)/mypy domain projections api scheduler bench

clean:
	rm -rf $(VENV) data .pytest_cache .hypothesis
