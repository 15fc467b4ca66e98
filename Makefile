# innograph: one command for each loop. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: screenshots vendor-yasgui axe lab r-sna virtuoso rml help run build serve test test-fast lint typecheck format bench bench-large bench-load bench-rml wrk setup setup-dev chromium clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: build ## set up, build the graph, serve it on http://127.0.0.1:8000
	$(BIN)/innograph serve --host $(HOST) --port $(PORT)

build: setup ## set up and build the graph into var/store
	$(BIN)/innograph build

test: setup-dev chromium r-sna virtuoso axe rml ## set up (incl. dev tools, Chromium, R's sna, Virtuoso, axe-core, the RML engine) and run the whole test suite
	$(BIN)/pytest

test-fast: setup-dev ## the fast loop: everything but browser, server-process and slow tests
	$(BIN)/pytest -q -m "not browser and not server and not slow"

lint: setup-dev typecheck ## ruff check + format check + mypy (0 errors)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup-dev ## mypy over the installed package innograph.graph/ingest/api
	@mkdir -p $(VENV)/typecheck/innograph
	@for p in graph ingest api; do ln -sfn $(CURDIR)/$$p $(VENV)/typecheck/innograph/$$p; done
	cd $(VENV)/typecheck && MYPYPATH=. $(CURDIR)/$(BIN)/mypy --ignore-missing-imports \
	  --follow-imports=silent -p innograph.graph -p innograph.ingest -p innograph.api

format: setup-dev ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup-dev ## benchmarks: seed graph + synthetic seed-like and 10k sizes (bench/results/latest.md)
	$(BIN)/python -m bench --sizes seed,10k

bench-large: setup-dev ## the 100k-actor synthetic size (≈ 2M triples): bench/results/large.md
	$(BIN)/python -m bench --sizes 100k --skip-seed-graph --output large --repeat 10 --no-exact --skip-evaluation

bench-rml: setup-dev rml ## tables through the YARRRML mappings vs import cordis: phases, RSS (bench/results/rml.md)
	$(BIN)/python -m bench.rml

bench-load: build wrk ## wrk load test: 5 targets × 1/8/32/64 clients (bench/results/load.md)
	$(BIN)/python -m bench.load

wrk: ## install Debian's wrk for the load test when missing
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian wrk (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

lab: setup ## JupyterLab on the project's environment, opened on notebooks/ (charts inline)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	cd notebooks && ../$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

setup: $(STAMP)
setup-dev: $(DEVSTAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

screenshots: setup-dev chromium ## refresh the README's page screenshots (tests/browser/screenshots/*.jpg)
	INNOGRAPH_SCREENSHOTS=tests/browser/screenshots INNOGRAPH_SCREENSHOT_TYPE=jpeg \
	  $(BIN)/pytest -q -p no:cacheprovider tests/browser/test_screenshots.py tests/browser/test_query_page.py

YASGUI = @zazuko/yasgui@4.6.2
vendor-yasgui: ## fetch the vendored query editor (YASGUI) again from npm and check its checksums
	rm -rf build/yasgui && npm install --prefix build/yasgui --no-audit --no-fund --silent $(YASGUI)
	cp build/yasgui/node_modules/@zazuko/yasgui/build/yasgui.min.js build/yasgui/node_modules/@zazuko/yasgui/build/yasgui.min.css api/static/vendor/yasgui/
	cd api/static/vendor/yasgui && grep -E '^\| yasgui' README.md | awk '{print $$4"  "$$2}' | sha256sum -c

axe: ## axe-core (npm) for the accessibility checks of the browser tests, into .venv/axe
	@test -f $(VENV)/axe/node_modules/axe-core/axe.min.js || { \
	  command -v npm >/dev/null 2>&1 || { echo "installing Debian npm (apt-get)"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm; }; \
	  npm install --prefix $(VENV)/axe --no-audit --no-fund --silent axe-core@4; }

RML := $(VENV)/rml
rml: $(RML)/.installed ## the RML engine (morph-kgc) in its own virtualenv .venv/rml, pinned

$(RML)/.installed: ingest/imports/rml-requirements.txt
	@test -x $(RML)/bin/python || $(PYTHON) -m venv $(RML)
	$(RML)/bin/python -m pip install --quiet -r ingest/imports/rml-requirements.txt
	touch $@

r-sna: ## install R with the sna package (reference for brokerage tests) when missing
	@Rscript -e 'suppressMessages(library(sna))' >/dev/null 2>&1 || { \
	  echo "installing Debian r-cran-sna (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends r-cran-sna; }

virtuoso: ## install Debian's Virtuoso open source binaries (virtuoso-t, isql-vt; no system service) when missing
	@{ command -v virtuoso-t && command -v isql-vt; } >/dev/null 2>&1 || { \
	  echo "installing Debian virtuoso-opensource-7-bin (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends virtuoso-opensource-7-bin; }

chromium: ## install Debian's chromium for the browser tests when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

clean: ## remove the virtualenv and the store
	rm -rf $(VENV) var
