# rashomon: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
SHARED ?= ../shared
OUT    ?= build

.PHONY: help demo test score readme-scores bench install install-dev browser clean

help:
	@echo "make demo         install, analyse the bundled demo corpus, say where the report is"
	@echo "make test         install with the test tools and run every test"
	@echo "make score        grade the seeds and every corpus under $(SHARED)/dev (one row each)"
	@echo "make readme-scores  the same, and rewrite the README's score table from it"
	@echo "make bench        speed and memory benchmarks, side by side with what they compare to"
	@echo "make install      the locked runtime dependencies into $(VENV)"
	@echo "make install-dev  the runtime and the test dependencies into $(VENV)"
	@echo "make clean        remove $(OUT) and the default store"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip>=24"

$(VENV)/.installed: $(VENV)/bin/python requirements.lock pyproject.toml
	@echo "installing the locked dependencies into $(VENV) (about 100 s on a fresh machine)"
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

readme-scores: install
	$(PY) scripts/score_corpora.py --shared $(SHARED) --out $(OUT)/score --readme README.md

bench: install-dev
	$(PY) -m benchmarks

clean:
	rm -rf $(OUT) rashomon.db rashomon.db-wal rashomon.db-shm
