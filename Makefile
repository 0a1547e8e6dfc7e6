# Oversight — the verbs of the project. Every target creates the environment first if it
# is missing or out of date (pyproject.toml or constraints.txt changed), and does nothing
# more when it is already in place.

PYTHON ?= python3.11
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)/.dagster
export PATH := $(BIN):$(PATH)

.PHONY: setup build browser run test lint fix dev eval bench bench-extract manifest docs screenshots clean

$(STAMP): pyproject.toml setup.py constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project with its dev tools

# Parsing and extraction compiled with mypyc (setup.py): installing compiles them, and a
# source changed since then is compiled again here. Until it is, the source runs
# (pipelines/compiled.py), so a stale build is never used.
build: $(STAMP) ## compile parsing and extraction again when their source changed (about a minute)
	@$(BIN)/python -c 'import sys; from pipelines import compiled; sys.exit(not compiled.build().compiled)' \
		|| $(BIN)/python setup.py --quiet build_ext --inplace

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	@ln -sf $(CURDIR)/dagster.yaml $(DAGSTER_HOME)/dagster.yaml

run: $(STAMP) build $(DAGSTER_HOME)/dagster.yaml ## run the whole pipeline on data/raw and publish the warehouse
	$(BIN)/oversight run

# Headless Chromium for the browser tests (scorecard, dbt docs, Dagster UI): Debian's
# chromium and chromium-driver, installed once; nothing is done when both are there.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser: ## install chromium and chromium-driver with apt-get when missing
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		export DEBIAN_FRONTEND=noninteractive; \
		$(SUDO) apt-get install -y -q chromium chromium-driver || { \
			$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium chromium-driver; }; }

test: $(STAMP) build browser ## run the whole test suite (unit, dbt build, Great Expectations, Dagster, browser)
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff (lint and format check), sqlfluff on the dbt project, mypy on extraction
	$(BIN)/ruff check pipelines tests benchmarks conftest.py setup.py
	$(BIN)/ruff format --check pipelines tests benchmarks conftest.py setup.py
	@mkdir -p data/warehouse
	OVERSIGHT_WAREHOUSE_DIR=$(CURDIR)/data/warehouse $(BIN)/sqlfluff lint dbt_project/models dbt_project/tests dbt_project/macros
	$(BIN)/mypy

fix: $(STAMP) ## apply ruff and sqlfluff fixes
	$(BIN)/ruff check --fix pipelines tests benchmarks conftest.py setup.py
	$(BIN)/ruff format pipelines tests benchmarks conftest.py setup.py
	@mkdir -p data/warehouse
	OVERSIGHT_WAREHOUSE_DIR=$(CURDIR)/data/warehouse $(BIN)/sqlfluff fix dbt_project/models dbt_project/tests dbt_project/macros

dev: $(STAMP) build $(DAGSTER_HOME)/dagster.yaml ## start the Dagster UI on http://127.0.0.1:3000
	$(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p 3000

eval: $(STAMP) build ## score the published warehouse against the gold facts in tests/fixtures/gold
	$(BIN)/oversight eval --gold tests/fixtures/gold

bench: $(STAMP) build ## benchmark: 100, 1,000 and 10,000 generated reports (writes benchmarks/results.md); SIZES=100,1000 for some
	$(BIN)/python -m benchmarks.run $(if $(SIZES),--sizes $(SIZES))

bench-extract: $(STAMP) build ## where extraction's time goes, one core: per family, and in sentences with and without a figure
	$(BIN)/python -m benchmarks.extraction $(if $(RAW),--raw $(RAW))

screenshots: run browser ## docs/scorecard.png and docs/asset-graph.png from a fresh run
	$(BIN)/python -m tests.screenshots

manifest: $(STAMP) ## dbt parse: refresh dbt_project/target/manifest.json
	cd dbt_project && $(BIN)/dbt parse --profiles-dir .

clean: ## remove generated output (keeps the environment and the compiled build)
	rm -rf data/warehouse/*.duckdb* data/warehouse/gx data/warehouse/scorecard data/warehouse/dbt_docs dbt_project/target .dagster
