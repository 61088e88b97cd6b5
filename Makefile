# Two commands: `make run` and `make test`. Each sets itself up on a fresh machine (Python 3.11+).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

# axe-core for the accessibility tests: the pinned npm package, installed into the git-ignored .cache/npm
# and injected from disk by tests/test_accessibility_browser.py (no CDN).
AXE := .cache/npm/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --prefix .cache/npm --no-save --no-audit --no-fund axe-core@4.14.1

# Chromium for the browser tests: the system's when present (Debian's `chromium`), else Playwright's.
chromium: $(VENV)/.dev
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
		echo "browser tests use system $$(command -v chromium || command -v chromium-browser)"; \
	else \
		$(BIN)/python -m playwright install chromium; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .

test: chromium lint $(AXE)
	$(BIN)/python -m pytest

bench: $(VENV)/.dev chromium
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) tests/artifacts static/vendor .cache
