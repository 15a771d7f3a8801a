# One command each: `make demo` (set up, ingest the examples, show the store) and
# `make test` (set up, lint, run the tests). `make bench` prints the benchmark figures.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= redline.db

.PHONY: install demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/redline ingest examples/russia_ukraine --db $(DB)
	$(BIN)/redline status --db $(DB)
	$(BIN)/redline docs --db $(DB)
	$(BIN)/redline tracker --db $(DB)
	$(BIN)/redline brief --db $(DB) --format html --out brief.html

lint: install
	$(BIN)/ruff check src tests bench

test: lint
	$(BIN)/python -m pytest; code=$$?; \
	if [ $$code -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$code

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(DB) $(DB)-wal $(DB)-shm
