# Zhaoshang: `make run` serves the site, `make test` runs the whole suite.
# Both set up everything they need on a fresh machine with Python 3.11.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 4
THREADS ?= 1
PYTEST_ARGS ?=

STATIC_SOURCES := $(shell find zhaoshang -path '*/static/*' -type f 2>/dev/null)
CATALOGUES := $(wildcard zhaoshang/locale/*/LC_MESSAGES/django.po)

# The CJK fonts the proposals' PDFs embed (subset): Noto Sans SC and TC, SIL Open Font
# License 1.1, from the npm registry (Google Fonts' static TTF files, packaged by Expo), kept
# under var/fonts with their licence. Nothing is fetched when the PDF is made.
FONTS := var/fonts/.installed
FONT_PACKAGES := @expo-google-fonts/noto-sans-sc@0.4.3 @expo-google-fonts/noto-sans-tc@0.4.3

.PHONY: run serve test test-only fuzz lint format messages check-messages chromium ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The app and its runtime dependencies (editable, so `zhaoshang` runs this checkout).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Everything tests and linters need.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

var/.catalogues: $(CATALOGUES) | $(VENV)/.installed
	$(BIN)/zhaoshang compile_catalogues
	@mkdir -p var && touch $@

var/static/staticfiles.json: $(STATIC_SOURCES) $(VENV)/.installed
	$(BIN)/zhaoshang collectstatic --noinput -v0

$(FONTS):
	@mkdir -p var/fonts
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent $(FONT_PACKAGES) >/dev/null && \
	for f in *.tgz; do \
		tar xzf $$f --wildcards 'package/400Regular/*.ttf' 'package/700Bold/*.ttf' 'package/LICENSE_FONT' && \
		cp package/400Regular/*.ttf package/700Bold/*.ttf $(CURDIR)/var/fonts/ && \
		cp package/LICENSE_FONT $(CURDIR)/var/fonts/OFL-$${f%.tgz}.txt && rm -rf package; \
	done; cd / && rm -rf $$tmp
	@ls var/fonts/NotoSansSC_400Regular.ttf var/fonts/NotoSansTC_400Regular.ttf >/dev/null
	touch $@

run: $(VENV)/.installed var/.catalogues var/static/staticfiles.json $(FONTS)
	$(BIN)/zhaoshang migrate --noinput -v0
	$(BIN)/zhaoshang setup --url http://$(HOST):$(PORT)
	exec $(BIN)/python -m zhaoshang.serve --host $(HOST) --port $(PORT) \
		--workers $(WORKERS) --threads $(THREADS)

# Installs Debian's Chromium for the browser tests when it is missing and we may.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "note: /usr/bin/chromium is missing and cannot be installed here; browser tests will be skipped"; fi

test: $(VENV)/.installed-dev var/.catalogues chromium $(FONTS)
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite without the set-up steps (CI runs it a second time on PostgreSQL).
test-only:
	$(BIN)/pytest $(PYTEST_ARGS)

# Schemathesis over the whole API on a live server with its own temporary database.
fuzz: $(VENV)/.installed-dev var/.catalogues $(FONTS)
	bash .ci/fuzz

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy zhaoshang tests bench
	$(BIN)/zhaoshang makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-extract the messages (needs GNU gettext) and fill the English catalogue.
messages: $(VENV)/.installed-dev
	$(BIN)/zhaoshang update_catalogues

# Fails when a message in the source has no translation in some catalogue.
check-messages: messages
	$(BIN)/pytest tests/core/test_catalogues.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var build *.egg-info
