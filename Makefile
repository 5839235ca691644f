# isecg-extract: `make run` sets everything up and extracts the samples; `make test` sets
# everything up and runs the tests. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
GOLD   := samples/isecg-annual-report-2025.gold.json
SAMPLES_IN := $(filter-out samples/%-x15.pdf,$(wildcard samples/*.txt samples/*.pdf))

.PHONY: help install run test lint format samples matrix fuzz-layouts bench bank load years review docs clean
DB ?= sqlite:///isecg.db

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its dev tools

run: install ## Extract every sample into out/<name>/ and score it against its gold (isecg-extract score)
	@for f in $(SAMPLES_IN); do \
	  name=$$(basename $$f); name=$${name%.*}; \
	  $(BIN)/isecg-extract extract $$f -o out/$$name || exit 1; \
	  $(BIN)/isecg-extract score out/$$name $(GOLD) | tail -n 1 | sed "s/^/  $$name: /"; \
	done
	@echo "Reports of other years (tests/fixtures/history, heldout), F1 per dataset:"
	@$(BIN)/python tools/score_years.py

test: install ## Run the test suite (unit, end-to-end, corpus, property tests)
	$(BIN)/python -m pytest

lint: install ## Ruff lint and format check
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests tools
	$(BIN)/ruff format src tests tools

samples: install ## Regenerate the sample PDFs from the sample text
	$(BIN)/python tools/make_samples.py --out samples

matrix: install ## Re-render the layout matrix (needs .[matrix], LibreOffice, Chromium, poppler) and score it
	$(BIN)/python tools/render_matrix.py
	$(BIN)/python tools/score_matrix.py

# The producers of the random designs (WeasyPrint, Typst; ReportLab is in .[dev]; Chromium is
# used when installed). The tests read committed PDFs and need none of them.
MATRIX_STAMP := $(VENV)/.matrix-stamp
$(MATRIX_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,matrix]'
	touch $(MATRIX_STAMP)

N ?= 20
fuzz-layouts: $(MATRIX_STAMP) ## Render N random designs (N=20, SEED=first seed), score them, save the failing ones as tests
	$(BIN)/python tools/fuzz_layouts.py -n $(N) $(if $(SEED),--seed $(SEED)) $(FUZZ_ARGS)

bench: install ## Benchmarks: extraction cost against reading the PDF (not a test)
	$(BIN)/python tools/bench.py

bank: install ## Score the blind sentence banks (issue 26): per kind P/R/F1, near-miss leaks, every miss
	@for b in tests/fixtures/sentence-banks/*/bank.jsonl; do \
	  $(BIN)/python tools/score_bank.py $$b --misses || exit 1; \
	done

load: install ## Load every extracted report in out/ into a database (DB=postgresql://user@host:port/db)
	$(BIN)/isecg-extract load out/* --db $(DB)

years: install ## Batch the sample, the synthetic 2023 and 2026 reports and the history texts (2008-2021) into out/years, diff three pairs of years, chart the timeline
	$(BIN)/isecg-extract batch samples/isecg-annual-report-2025.txt tests/fixtures/years tests/fixtures/history -o out/years
	$(BIN)/isecg-extract diff out/years/isecg-ar-2008 out/years/isecg-ar-2010 -o out/years/diff-2008-2010.md
	$(BIN)/isecg-extract diff out/years/isecg-ar-2019 out/years/isecg-ar-2021 -o out/years/diff-2019-2021.md
	$(BIN)/isecg-extract diff out/years/isecg-ar-2025 out/years/isecg-ar-2026 -o out/years/diff-2025-2026.md
	$(BIN)/isecg-extract timeline out/years

review: install ## Review the 2025 PDF sample: rows beside their pages, corrections built in the browser (out/review/index.html)
	$(BIN)/isecg-extract review samples/isecg-annual-report-2025-word.pdf -o out/review

docs: install ## Regenerate the table reference in docs/datasets.md from pipeline/schemas/tables.json
	$(BIN)/python tools/datasets_doc.py

clean: ## Remove outputs, caches and the database make load made (keeps .venv)
	rm -rf out .pytest_cache .ruff_cache .hypothesis
	rm -f isecg.db isecg.db-journal isecg.db-wal isecg.db-shm
