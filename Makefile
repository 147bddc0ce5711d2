PY := .venv/bin/python
export PATH := $(HOME)/.local/bin:$(PATH)

.PHONY: install run test lint format bench bench-quick requirements

install:
	@bin/bootstrap

run: install
	$(PY) manage.py migrate --noinput
	@$(PY) manage.py seed_demo
	@echo "HomeNRich: http://127.0.0.1:8000"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

lint: install
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: install
	$(PY) -m bench.run

bench-quick: install
	$(PY) -m bench.run --quick

requirements:
	uv pip compile -q requirements/base.in -o requirements.txt --python-version 3.12
	uv pip compile -q requirements/dev.in -o requirements/dev.txt --python-version 3.12
