# The course's two commands (see README.md):
#   make lab    create .venv, install the pinned dependencies and the package, start JupyterLab
#   make test   the same set-up, then the whole test suite in quick mode (DIGITS_QUICK=1)
# and, for contributors:
#   make notebooks   regenerate every .ipynb from its py:percent twin, executed in full mode
#   make benchmark   regenerate data/benchmark and its report
#   make lint        ruff over helpers, tools, tests, benchmarks and the notebooks' text twins
#   make test-browser  JupyterLab in Chromium: notebooks 02, 03, 09 run, widgets moved, a photo uploaded

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export KERAS_BACKEND := tensorflow
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: lab test test-browser notebooks benchmark lint install clean

install: $(STAMP)

# JupyterLab's settings for the course (binder/overrides.json, shared with Binder): a notebook's
# kernel shuts down when its tab closes, and widget state is saved with the notebook, so a saved
# explorer still shows after reopening instead of "Error displaying widget: model not found".
$(STAMP): requirements.txt constraints.txt pyproject.toml binder/overrides.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

# JupyterLab refuses to run as root unless told to (containers, some classroom servers).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG)

# Two workers, each notebook's cells kept together on one of them (nbval needs --dist loadscope).
test: install
	DIGITS_QUICK=1 $(BIN)/python -m pytest -n 2 --dist loadscope

notebooks: install
	$(BIN)/python -m tools.build_notebooks build
	$(BIN)/python -m tools.build_notebooks times

benchmark: install
	$(BIN)/python -m helpers.synth benchmark
	$(BIN)/python -m helpers.evaluate --half test

lint: install
	$(BIN)/ruff check helpers tools tests tests_browser benchmarks notebooks
	$(BIN)/ruff format --check helpers tools tests tests_browser benchmarks notebooks/*.py

# Needs Debian's chromium (sudo apt install chromium); screenshots land in reports/browser/.
test-browser: install
	@command -v chromium >/dev/null || { echo "make test-browser needs Chromium: sudo apt install chromium"; exit 1; }
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements-browser.txt
	DIGITS_QUICK=1 $(BIN)/python -m pytest tests_browser

clean:
	rm -rf $(VENV)
