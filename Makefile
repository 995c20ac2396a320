# claims: `make claims` writes exports/worklist.xlsx from articles/; `make test` runs the tests.
# Both create .venv and install the project into it when needed (and only then).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?=

.PHONY: help claims lint test bench rules eval picture clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

claims: $(STAMP) ## Extract claims from articles/ into exports/worklist.xlsx
	$(BIN)/claims extract articles --output exports/worklist.xlsx

lint: $(STAMP) ## Formatting, lint and type checks on claims/ (ruff format --check, ruff check, mypy)
	$(BIN)/ruff format --check claims/
	$(BIN)/ruff check claims/
	$(BIN)/mypy claims/

test: lint ## Run the lint checks (make lint), then the test suite
	$(BIN)/python -m pytest -q

rules: $(STAMP) ## Validate the rule files and run their examples
	$(BIN)/claims rules check

bench: $(STAMP) ## Throughput, memory and worklist round-trip benchmark (CORPUS=path to use another corpus)
	$(BIN)/python bench/bench.py $(CORPUS)

eval: $(STAMP) ## Score the tool on the development data in ../shared/eval (not part of the tests)
	$(BIN)/python bench/evaluate.py

picture: $(STAMP) ## Render the README's picture of the worklist in LibreOffice (docs/worklist-libreoffice.png)
	scripts/render_worklist.sh

clean: ## Remove generated exports; refuses while a worklist holds marks not imported (keeps the ledger)
	@set -- exports/*.xlsx; if [ -e "$$1" ]; then \
	  if [ ! -x $(BIN)/claims ]; then \
	    echo "make clean: cannot check exports/*.xlsx for reviewer marks without $(BIN)/claims; run 'make claims' first, or move them aside"; exit 1; \
	  fi; \
	  $(BIN)/claims import --check "$$@" || { \
	    echo "make clean: nothing removed: a worklist above holds marks not in the ledger yet (import it, or move it aside)"; exit 1; }; \
	fi
	rm -f exports/*.xlsx exports/*.csv exports/*.jsonl
