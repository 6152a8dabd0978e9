# The README's two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# make cluster listens on $PORT too, but defaults to 8080 (Varnish) rather than 8000.
CLUSTER_PORT := $(if $(filter command line environment,$(origin PORT)),$(PORT),8080)
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run cluster test lint check bench worker demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Absolute links (feeds, mails, the demo Site) follow the port the server runs on.
run: export WAGTAILADMIN_BASE_URL = http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content --if-empty
	$(BIN)/python manage.py newsletter_prepare_monthly --schedule
	$(BIN)/python manage.py newsletter_sync --schedule
	$(BIN)/python manage.py schedule_publishing
	@echo "Serving http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, login admin / twentsekoers)"
	$(BIN)/python deploy/supervisor.py --keep "$(BIN)/python manage.py run_worker --interval 2" \
		-- $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production topology on loopback (README "Production topology"): Varnish on $PORT (8080),
# two gunicorn app servers on the next two ports, a worker, PostgreSQL and Redis.
cluster: $(VENV)/.runtime
	PORT=$(CLUSTER_PORT) $(BIN)/python deploy/cluster.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .

check: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Tests that commit (and flush the database afterwards) run after the rest, as Django runs them.
PYTEST_WORKERS ?= 2
test: lint check
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not serial"
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m serial

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/topology.py

demo: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

clean:
	rm -rf $(VENV) var db.sqlite3
