# Dashboard Veiligheid - the README's commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# `make demo` shows Twente from the public data shipped in the package (dashboard/data/demo/twente),
# with synthetic registrations calibrated on the police's public counts. Other choices:
#   make demo DEMO_REGIO=fictief                     the fictional region in the North Sea
#   make demo CBS_DIR=../shared/data REGIO_CODE=VR05 REGIO_NAAM=Twente   areas from a folder
# `make demo-extract SHARED_DATA=../shared/data` rebuilds the shipped extract from the full folder.
DEMO_REGIO ?= twente
CBS_DIR ?=
REGIO_CODE ?= RG01
REGIO_NAAM ?= Regio
SHARED_DATA ?= ../shared/data
DEMO_ARGS = $(if $(CBS_DIR),--cbs-dir "$(CBS_DIR)" --regio-code "$(REGIO_CODE)" --regio-naam "$(REGIO_NAAM)",$(if $(filter fictief,$(DEMO_REGIO)),--fictief))

.PHONY: venv demo demo-extract test lint format bench clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	VEILIGHEID_MODE=demo $(BIN)/veiligheid demo $(DEMO_ARGS) --serve

demo-extract: $(STAMP)
	$(BIN)/python -m dashboard.data.demo.twente_extract "$(SHARED_DATA)"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	scripts/ensure-browser
	scripts/run-tests

# Screenshots of every page at 1366x768 and 390x844 into docs/screenshots/ (Chromium needed),
# from a throw-away database of the default demo (Twente, with the police's open data); the
# demo's options apply (DEMO_REGIO=fictief, CBS_DIR=...), OPEN_DATA loads another public table.
OPEN_DATA ?=
screenshots: $(STAMP)
	scripts/ensure-browser
	$(BIN)/python scripts/screenshots.py $(DEMO_ARGS) $(if $(OPEN_DATA),--open-data "$(OPEN_DATA)")

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The bench extra (DuckDB, the reference floor of the bench table) is installed only here.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# Needs PostgreSQL and Redis on loopback; e.g. make loadtest LOAD_ARGS="--duration 30 --users 5"
.PHONY: loadtest
loadtest: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) instance build *.egg-info
