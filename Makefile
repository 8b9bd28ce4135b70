# MPP Digital. `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
PORT ?= 8000
# localhost only, unless HOST says otherwise (HOST=0.0.0.0 serves the local network)
HOST ?= 127.0.0.1
export FLASK_APP := backend.app:create_app

.DEFAULT_GOAL := help
.PHONY: help setup browser-deps db run test bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml constraints.txt
	python3.11 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e '.[test]'
	touch $@

setup: $(VENV)/.installed ## Create the virtualenv and install pinned dependencies

browser-deps: ## Install Debian's Chromium for the browser tests (needs root)
	@command -v /usr/bin/chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "Chromium missing: run 'sudo apt-get install chromium'"; fi; }

db: setup ## Apply migrations and load the demo data (idempotent)
	$(FLASK) db upgrade
	$(FLASK) demo load

run: db ## Set everything up and serve the app at http://localhost:8000, the demo e-service at :8001 (HOST, PORT, DEMO_PORT)
	mkdir -p examples/izin-usaha/instance && $(PY) examples/izin-usaha/app.py keys > examples/izin-usaha/instance/jwks.json
	$(FLASK) oidc register-client --client-id es-izin-usaha-probolinggo --name "Izin Usaha Mikro, Kota Probolinggo" \
	  --agency DPMPTSP --region 35.74 --redirect-uri http://localhost:$${DEMO_PORT:-8001}/callback \
	  --post-logout-redirect-uri http://localhost:$${DEMO_PORT:-8001}/ --required-scope profile --required-scope nik \
	  $(foreach s,profile nik birthdate gender address phone email document,--scope $(s)) \
	  --jwks-file examples/izin-usaha/instance/jwks.json > /dev/null
	$(FLASK) notifications worker & worker=$$!; \
	MPP_ISSUER=http://localhost:$(PORT) DEMO_PORT=$${DEMO_PORT:-8001} $(PY) examples/izin-usaha/app.py & demo=$$!; \
	trap "kill $$worker $$demo 2>/dev/null" EXIT INT TERM; \
	PORT=$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - 'backend.app:create_app()'

test: setup browser-deps ## Lint (ruff, pinned in pyproject.toml) and run the whole suite (SQLite, or DATABASE_URL if set)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

bench: setup ## Run every benchmark in bench/ (not tests; ratios in one run, see bench/README.md)
	$(PY) bench/catalogue.py
	$(PY) bench/pwa.py
	$(PY) bench/applications.py
	$(PY) bench/notifications.py
	$(PY) bench/auth.py
	$(PY) bench/integrations.py
	$(PY) bench/storage.py
	$(PY) bench/scale.py
	$(PY) bench/performance.py

clean: ## Remove the virtualenv and local instance data
	rm -rf $(VENV) instance .pytest_cache test-output
