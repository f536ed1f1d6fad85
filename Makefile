# `make run`: install into .venv, index the bundled corpus (incremental: near-instant when unchanged), start the app.
# `make test`: install into .venv and run the test suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: install run test eval bench bench-app

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	-$(PY) -m ingest
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

# Debian's Chromium for the browser test (Playwright drives it; no browser download).
/usr/bin/chromium:
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi

test: install /usr/bin/chromium
	$(PY) -m pytest

eval: install
	$(PY) -m assistant.eval ../shared/eval/dev.jsonl

bench: install
	$(PY) scripts/bench.py

bench-app: install /usr/bin/chromium
	-$(PY) -m ingest --quiet
	$(PY) scripts/bench_app.py
