# Two commands: `make run` and `make test`. Each sets itself up on a fresh machine (Python 3.11+).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
REPLICAS ?= 2

.PHONY: run test lint bench load serve-public site fuzz clean

$(BIN)/python:
	@echo "creating $(VENV) and installing requirements (first run only, about a minute)..."
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	@echo "installing requirements.txt into $(VENV) (first run, or after requirements.txt changed)..."
	$(BIN)/pip install --progress-bar on --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m ui.launch app.py --server.port $(PORT) $(if $(ADDRESS),--server.address $(ADDRESS))

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

# The full URL fuzz (about 10 minutes on 2 cores): 200 generated query strings per page through AppTest,
# 40 in a real browser. `make test` runs a small sample of both.
fuzz: $(VENV)/.dev chromium
	ATLAS_FUZZ_N=200 ATLAS_FUZZ_BROWSER_N=40 $(BIN)/python -m pytest -q -s tests/test_fuzz_apptest.py tests/test_fuzz_browser.py

bench: $(VENV)/.dev chromium
	$(BIN)/python bench/run.py

# REPLICAS app servers in public mode behind Debian's nginx (apt-get install nginx) on localhost:8080.
serve-public: $(VENV)/.runtime
	$(BIN)/python deploy/stack.py --replicas $(REPLICAS) --port 8080 $(if $(wildcard public/index.html),--site public)

# The static, embeddable edition in public/ (any static host; served at / by serve-public).
site: $(VENV)/.runtime
	$(BIN)/python -m geo export --format site --out public

# Load (about 15 minutes; never part of `make test`): websocket-level sessions on one replica, then on 2
# behind nginx, with a 5-minute soak; then 25 real Chromium sessions stepping once a second on one replica.
load: $(VENV)/.dev
	$(BIN)/python bench/load.py --soak 300 --soak-n 100
	$(BIN)/python bench/browsers.py --sessions 25 --seconds 120

clean:
	rm -rf $(VENV) tests/artifacts static/vendor .cache public
