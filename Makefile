# Two commands on a fresh machine (Python 3.11+, git, make):
#   make site   build the site from the bundled seeds into site/
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site test serve generate golden bench bench-summary bench-extract clean compare-zensical

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Briefing needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The generator alone, without the test tools: what the deploy build runs in.
install: $(VENV)/.installed

site: $(VENV)/.installed
	$(BIN)/briefing build

generate: $(VENV)/.installed
	$(BIN)/briefing generate

serve: $(VENV)/.installed
	$(BIN)/briefing serve

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

golden: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

# Builds the pages with Zensical too and reports any page that differs; never fails.
compare-zensical: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[compare]'
	-$(BIN)/python -m benchmarks.compare_zensical

# Summary quality (ROUGE against the same-length lead) and cost on ../shared/benchmarks/bbc-summary.
bench-summary: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.summary

# Body extraction on ../shared/benchmarks/article-extraction, beside the published figures.
bench-extract: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.extraction --options

# The speed benchmark (benchmarks/perf.py): 1,000 and 10,000 synthetic seeds, medians
# of 3 runs; the 10,000-seed half takes the better part of an hour on two cores.
# `make bench SEEDS=200 RUNS=1` is the small form that tests/test_bench_small.py runs.
SEEDS ?= 1000,10000
RUNS ?= 3
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks --seeds $(SEEDS) --runs $(RUNS) --json build/bench/figures.json

clean:
	rm -rf build site
