# Two commands on a fresh machine (Python 3.11+ and make):
#   make run   — set up, load the demo data into the SQLite file and serve the dashboard and API
#                on :8000
#   make test  — set up (with Debian's chromium for the browser tests) and run the whole suite
#                against SQLite and PostgreSQL
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The suite runs against every store named here (PostgreSQL on 127.0.0.1:5432, trust auth).
SCRUTINY_TEST_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
export SCRUTINY_TEST_POSTGRES_URL

.PHONY: setup assets browser run test lint clean

# The dashboard's styles and scripts: GOV.UK Frontend compiled by sass (npm), never committed.
WEB    := api/web
PACKAGES := domain application projections reports imports identity operations demo api scheduler
ASSETS := $(WEB)/static/.built

setup: $(STAMP) $(ASSETS)

assets: $(ASSETS)

$(ASSETS): $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/scss/app.scss $(WEB)/js/app.js $(WEB)/js/favicon.svg
	@command -v npm >/dev/null || { echo "Node.js and npm are needed to build the dashboard's styles: apt-get install nodejs npm"; exit 1; }
	cd $(WEB) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p $(WEB)/static
	$(WEB)/node_modules/.bin/sass --load-path=$(WEB)/node_modules --style=compressed --no-source-map --quiet-deps $(WEB)/scss/app.scss $(WEB)/static/app.css
	cp $(WEB)/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(WEB)/js/app.js $(WEB)/js/favicon.svg $(WEB)/static/
	@touch $(ASSETS)

# The browser tests drive Debian's chromium (playwright cannot download browsers here).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; \
	  else echo "The browser tests need Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium"; exit 1; fi; }

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Cannot make a virtualenv: on Debian, apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: setup
	$(BIN)/scrutiny demo --accounts
	$(BIN)/scrutiny serve --host $(HOST) --port $(PORT)

test: setup browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: setup
	$(BIN)/ruff check $(PACKAGES) tests bench
	$(BIN)/mypy $(PACKAGES) bench

clean:
	rm -rf $(VENV) data .pytest_cache .hypothesis test-artifacts $(WEB)/static $(WEB)/node_modules
