# Two commands on a fresh machine (Python 3.11 and make): `make report`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# pip itself is pinned too: the pip that comes with Python 3.11 (23.x) does not yet treat the extra
# names html_clean and html-clean as one (PEP 685), and warns that lxml lacks an extra it has.
PIP    := pip==26.2.1
STAMP  := $(VENV)/.installed-$(shell (cat requirements.txt pyproject.toml; echo $(PIP)) | cksum | cut -d' ' -f1)
LAB_PORT ?= 8888
LAB_IP   ?= localhost
export PATH := $(CURDIR)/$(BIN):$(PATH)
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: setup report test unit nbval lab browser-check clean help
help:
	@echo "make report  - set up .venv, run every notebook in order, write figures/ and reports/*.html, browser-check them"
	@echo "make test    - set up .venv, run the unit tests and nbval over notebooks/"
	@echo "make lab     - open JupyterLab on notebooks/ (LAB_PORT=8888, LAB_IP=localhost; works as root)"
	@echo "make browser-check - open reports/ in headless Chromium (apt-get install chromium); screenshot reports/index.png"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(PIP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

report: setup
	$(BIN)/python -m govreports.report.build
	@if command -v chromium >/dev/null 2>&1; then $(BIN)/python -m govreports.report.browser_check; \
	else echo "browser check skipped: no chromium (apt-get install chromium; then make browser-check)"; fi

unit: setup
	$(BIN)/python -m pytest tests lib/govreports

nbval: setup
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg notebooks -p no:cacheprovider

test: unit nbval

browser-check: setup
	$(BIN)/python -m govreports.report.browser_check

lab: setup
	$(BIN)/python -m govreports.report.lab --port $(LAB_PORT) --ip $(LAB_IP)

clean:
	rm -rf reports .pytest_cache
