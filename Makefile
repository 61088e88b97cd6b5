# Two commands: `make run` and `make test`. Each sets itself up on a fresh machine (Python 3.11+).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
REPLICAS ?= 2

.PHONY: run test lint bench load serve-public site clean

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

# Chromium for the browser tests: the system's when present (Debian's `chromium`), else Playwright's.
chromium: $(VENV)/.dev
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
		echo "browser tests use system $$(command -v chromium || command -v chromium-browser)"; \
	else \
		$(BIN)/python -m playwright install chromium; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .

test: chromium lint
	$(BIN)/python -m pytest

bench: $(VENV)/.dev chromium
	$(BIN)/python bench/run.py

# REPLICAS app servers in public mode behind Debian's nginx (apt-get install nginx) on localhost:8080.
serve-public: $(VENV)/.runtime
	$(BIN)/python deploy/stack.py --replicas $(REPLICAS) --port 8080 $(if $(wildcard public/index.html),--site public)

# The static, embeddable edition in public/ (any static host; served at / by serve-public).
site: $(VENV)/.runtime
	$(BIN)/python -m geo export --format site --out public

# Websocket-level load: one replica, then 2 behind nginx (minutes; never part of `make test`).
load: $(VENV)/.dev
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) tests/artifacts static/vendor .cache public
