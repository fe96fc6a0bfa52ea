# Everything runs inside a project-local virtual environment (.venv), on a supported
# Python: the one given as PYTHON=..., else .venv's own, else the newest one found
# (tools/setup_venv.sh says which, and rebuilds .venv when PYTHON names another).
PYTHON ?=
VENV   ?= .venv
BIN    := $(VENV)/bin

PORT   ?= 8765

.PHONY: setup app classroom run test bench clean

## setup: create or update the virtual environment and install the package with its
##        test dependencies
setup:
	@bash tools/setup_venv.sh "$(VENV)" "$(PYTHON)"

## app: set up, then serve the browser page at http://localhost:$(PORT)
##      offline and private: no telemetry, no check for newer Solara versions
app: setup
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=False $(BIN)/python -m viz.serve run app.py \
		--production --no-check-version --host localhost --port $(PORT)

## classroom: set up, then serve the page to the room's network; students open the
##      printed address (each browser gets its own model). Offline, no telemetry.
classroom: setup
	@$(BIN)/python -m model classroom-address --port $(PORT)
	SOLARA_TELEMETRY_MIXPANEL_ENABLE=False $(BIN)/python -m viz.serve run app.py \
		--production --no-check-version --no-open --host 0.0.0.0 --port $(PORT)

## run: set up, then run the status-quo scenario and print its summary
run: setup
	$(BIN)/python -m model run scenarios/status_quo.toml

## test: set up, then run the whole test suite, on every core (pytest-xdist)
test: setup
	$(BIN)/python -m pytest -n auto

## bench: time a 10,000-artist status-quo run, and batch throughput on 1 vs 2 workers
bench: setup
	$(BIN)/python -m model bench --json benchmarks/last_bench.json
	$(BIN)/python benchmarks/batch_throughput.py

clean:
	rm -rf $(VENV) .venv-* .pytest_cache .hypothesis test-artifacts
	find . -name __pycache__ -prune -exec rm -rf {} +
