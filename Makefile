# `make run`: install into .venv, index the bundled corpus (incremental: near-instant when unchanged), start the app.
# `make test`: install into .venv and run the test suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
TESSDATA_NLD := /usr/share/tesseract-ocr/5/tessdata/nld.traineddata

.PHONY: install run test eval bench bench-app

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed $(TESSDATA_NLD)

run: install
	-$(PY) -m ingest
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

# Debian packages, as root or through sudo.
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(1); \
	else sudo apt-get update -qq && sudo apt-get install -y -qq $(1); fi

# Debian's Chromium for the browser test (Playwright drives it; no browser download).
/usr/bin/chromium:
	$(call APT_INSTALL,chromium)

# Debian's Tesseract with its Dutch language data, for OCR of scanned PDF pages at ingest (the engine runs
# in-process through the tesserocr package). If it cannot be installed the app still runs: scanned pages are
# then skipped, and the ingest report says what to install.
$(TESSDATA_NLD):
	-$(call APT_INSTALL,tesseract-ocr tesseract-ocr-nld)

test: install /usr/bin/chromium
	$(PY) -m pytest

eval: install
	$(PY) -m assistant.eval ../shared/eval/dev.jsonl

bench: install
	$(PY) scripts/bench.py

bench-app: install /usr/bin/chromium
	-$(PY) -m ingest --quiet
	$(PY) scripts/bench_app.py
