# zhoubao — set-up, demo, tests and benchmarks. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages: CJK fonts for PDFs at run time; for tests also poppler (PDF checks), Chromium and its
# driver (browser tests of the desk), LibreOffice Writer (opens the Word files as a user's office would) and
# PostgreSQL (the suite's second run starts a throw-away cluster of its own; the package brings pg_dump and
# pg_restore too) and redis-server (the several-workers test starts its own on a free loopback port). Installing
# them starts no server the tests use: tests/pg.py runs initdb and pg_ctl itself.
APT_PACKAGES := fonts-noto-cjk
TEST_APT_PACKAGES := poppler-utils chromium chromium-driver libreoffice-writer-nogui postgresql redis-server

.PHONY: install demo test bench lint typecheck clean system-deps test-deps apt-install

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Installs missing Debian packages when run as root (as on a fresh machine); otherwise says what is missing.
system-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"

apt-install:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "please install (as root): apt-get install$$missing"; exit 1; fi; \
	fi

demo: install
	$(BIN)/zhoubao demo

# The whole suite twice: on SQLite and on PostgreSQL (a cluster the tests start and stop themselves, tests/pg.py),
# side by side — each run is one process on one core, and CI's limit is better spent than waited — each into its
# own log, printed when both have ended. Both always run to the end, so CI reports both.
test: install test-deps
	@mkdir -p test-artifacts; status=0; \
	echo "== the suite on SQLite and on PostgreSQL, side by side (logs: test-artifacts/sqlite.log, postgres.log)"; \
	$(BIN)/python -m pytest -q -p no:cacheprovider --durations=15 > test-artifacts/sqlite.log 2>&1 & sq=$$!; \
	ZHOUBAO_TEST_DATABASE=postgres $(BIN)/python -m pytest -q -p no:cacheprovider --durations=15 > test-artifacts/postgres.log 2>&1 & pg=$$!; \
	wait $$sq || status=1; wait $$pg || status=1; \
	echo "== the suite on SQLite"; cat test-artifacts/sqlite.log; \
	echo "== the suite on PostgreSQL"; cat test-artifacts/postgres.log; \
	exit $$status

bench: install
	$(BIN)/python -m bench

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/mypy --strict src/zhoubao/app src/zhoubao/conf src/zhoubao/net src/zhoubao/text

clean:
	rm -rf $(VENV) demo-home demo-out test-artifacts .pytest_cache .mypy_cache .ruff_cache
