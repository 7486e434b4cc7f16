# rashomon: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
SHARED ?= ../shared
OUT    ?= build

.PHONY: demo test score bench install install-dev browser clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=24"

$(VENV)/.installed: $(VENV)/bin/python requirements.lock pyproject.toml
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install -q --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(VENV)/bin/rashomon demo --out $(OUT)/demo

test: install-dev
	$(PY) -m pytest -q

score: install
	$(PY) scripts/score_corpora.py --shared $(SHARED) --out $(OUT)/score

bench: install-dev
	$(PY) -m benchmarks

clean:
	rm -rf $(OUT) rashomon.db rashomon.db-wal rashomon.db-shm
