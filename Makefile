# briefpress: `make pdf` builds the paper, `make test` runs the tests.
# The first run creates .venv and installs briefpress into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: pdf epub html all test lint watch linkcheck bench bench-links clean distclean

pdf: $(STAMP)
	$(BIN)/briefpress build --format pdf .

epub: $(STAMP)
	$(BIN)/briefpress build --format epub .

html: $(STAMP)
	$(BIN)/briefpress build --format html .

all: $(STAMP)
	$(BIN)/briefpress build --format all .

lint: $(STAMP)
	$(BIN)/briefpress lint .

# Live preview at http://127.0.0.1:8000/ (PORT=... to change); reloads after every save.
watch: $(STAMP)
	$(BIN)/briefpress serve --port $${PORT:-8000} .

# Checks every URL of references.bib and the manuscript (needs the network); not part of the build.
linkcheck: $(STAMP)
	$(BIN)/briefpress check-links --markdown build/linkcheck.md --junit build/linkcheck.xml .

# briefpress beside pandoc, preview refresh, stage split, 10x scale; results in build/bench.json;
# then a generated 5,000-entry bibliography read and formatted: build/bench-bib.json.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bibliography.py

# 1,000 loopback URLs beside lychee and LinkChecker; results in build/bench-links.json.
bench-links: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/links.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) src/*.egg-info
