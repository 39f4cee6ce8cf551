# make demo  — set up, load the Wanzhou demo data (if the database is empty), serve on :8000
#              with the background worker (imports)
# make test  — set up and run the whole suite (browser tests run when /usr/bin/chromium exists) in
#              TEST_WORKERS parallel processes (pytest-xdist; each has its own test database);
#              one file alone: .venv/bin/pytest path (add -n 2 to spread it)
# make typecheck — mypy over every models/services/access/queries.py and accounts/scope.py
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
VENDOR := static/vendor

.PHONY: setup demo serve test test-browser lint typecheck bench load lock assets messages strokes-table document-templates clean

$(BIN)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.installed: node_modules/.installed Makefile
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	# the source maps the files name: production's collectstatic refuses a missing reference
	cp node_modules/bootstrap/dist/css/bootstrap.min.css.map node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	touch $@

assets: $(VENDOR)/.installed

setup: $(BIN)/.installed assets

demo: setup
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py seed_demo --if-empty
	@echo "Serving on http://127.0.0.1:8000 with a background worker for imports (Ctrl-C stops both)"
	@# DEBUG off, as a user meets it: the Chinese 404/403/500 pages, not Django's English debug
	@# page listing every URL; WhiteNoise serves the static files, as in production.
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DJANGO_DEBUG=false $(PY) manage.py db_worker --no-startup-delay --verbosity 0 & worker=$$!; \
	  DJANGO_DEBUG=false $(PY) manage.py runserver 127.0.0.1:8000

# Two workers on the 2-core CI machine; loadgroup keeps an xdist_group (a module-scoped fixture
# such as the seeded demo) on one worker and spreads every other test one by one.
# pytest stays below 9 (requirements.in): pytest-xdist 3.8 tags a grouped test by writing
# item._nodeid, which pytest 9 no longer reads, so the groups were ignored and demo/tests seeded
# the demo again each time a worker came back to it.
# PYTEST_ARGS passes more options (CI: -m "not permission_matrix" on PostgreSQL).
TEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup
PYTEST_ARGS ?=
test: setup
	DANGJIAN_ENV=test $(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-browser: setup
	DANGJIAN_ENV=test DANGJIAN_REQUIRE_BROWSER=1 $(BIN)/pytest $(PYTEST_PARALLEL) -m browser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/bandit --quiet --recursive --severity-level high -x '*/tests/*,*/migrations/*' \
		$$(ls */apps.py | xargs -n1 dirname) dangjian bench
	$(MAKE) --no-print-directory typecheck

# The files are pyproject.toml's [tool.mypy] files (globs); the django-stubs plugin imports the settings.
typecheck: setup
	DANGJIAN_ENV=test $(BIN)/mypy

# make bench [BENCH_DB=postgres] [BENCH_SCALE=127]: the suite with its SQL floors, plans, Excel.
BENCH_DB ?= sqlite
BENCH_SCALE ?= 1
bench: setup
	DANGJIAN_ENV=test $(PY) -m bench.suite --database $(BENCH_DB) --scale $(BENCH_SCALE)
	DANGJIAN_ENV=test $(PY) -m bench.plans --database $(BENCH_DB) --scale $(BENCH_SCALE)
	DANGJIAN_ENV=test $(PY) -m bench.exchange --database $(BENCH_DB) --scale $(BENCH_SCALE)
	DANGJIAN_ENV=test $(PY) -m bench.orglife --database $(BENCH_DB) --scale $(BENCH_SCALE)
	DANGJIAN_ENV=test $(PY) -m bench.dues --database $(BENCH_DB) --scale $(BENCH_SCALE)
	DANGJIAN_ENV=test $(PY) -m bench.annual --database $(BENCH_DB) --scale $(BENCH_SCALE)

# 100 users for 5 minutes against gunicorn (production settings) on the demo in PostgreSQL.
load: setup
	$(PY) -m bench.load

# The stroke-order table for 姓氏笔画 lists (core/strokes.py), from the npm package cnchar-order.
strokes-table: node_modules/.installed
	$(PY) -m core.strokes node_modules/cnchar-order/cnchar.order.min.js

# Re-pin every Python dependency from requirements.in (needs network).
lock:
	$(PYTHON) -m venv /tmp/dangjian-lock && /tmp/dangjian-lock/bin/pip install --quiet -r requirements.in
	/tmp/dangjian-lock/bin/pip freeze --exclude-editable > requirements.lock

# Our Word templates (core.docx), built from each app's document_templates.py; commit the result.
document-templates: setup
	$(PY) manage.py document_templates

messages: setup
	$(PY) manage.py makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'node_modules/*' --no-location
	$(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
