# Entry points named in README.md. Both install what they need first (.ci/setup).
SHELL := /bin/bash
LAB := lab/swarmlab
PY := .venv/bin/python

.PHONY: setup check demo lab lab-down test test-fast record screenshots bench bench-headless

setup:
	@bash .ci/setup

# The dashboard: against DOCKER_HOST / --host / a docker context when one is given,
# otherwise against a throwaway 3-node lab swarm that is torn down when you quit.
demo: setup
	@if [ -n "$${DOCKER_HOST:-}$${DOCKER_CONTEXT:-}$(ARGS)" ]; then \
		.venv/bin/swarmtui $(ARGS); \
	else \
		$(LAB) up && trap '$(LAB) down' EXIT && .venv/bin/swarmtui --host "$$($(LAB) host node1)"; \
	fi

lab: setup
	@$(LAB) up

lab-down:
	@$(LAB) down

# ruff, mypy and the import contracts, as CI runs them before the tests.
check: setup
	@bash .ci/check

# The whole suite, real lab swarm included (the tests start the lab if it is not up).
test: setup
	@$(PY) -m pytest $(PYTEST_ARGS)

# Unit, pilot and snapshot tests only: no lab needed.
test-fast: setup
	@$(PY) -m pytest -m "not lab" $(PYTEST_ARGS)

record: setup
	@$(PY) scripts/record_lab.py --settle 20

screenshots: setup
	@$(PY) scripts/screenshots.py

# The installed dashboard in a real terminal (tmux, 160x48) on a large lab swarm, beside the
# `docker service ls` loop it must cost less than; churn and the size curve (about 25 min).
bench: setup
	@$(PY) scripts/bench.py $(BENCH_ARGS)

# The same app headless in-process (no terminal): a second opinion, labelled as such.
bench-headless: setup
	@$(PY) scripts/benchmark.py $(BENCH_ARGS)
