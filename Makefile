PY := .venv/bin/python
export PATH := $(HOME)/.local/bin:$(PATH)

.PHONY: install run test lint format bench bench-quick requirements gallery screenshots

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

# Every page, phone and desktop, light and dark, checked with axe-core: tests/artifacts/gallery/.
gallery: install
	$(PY) -m pytest tests/browser/test_gallery.py -q -p no:cacheprovider

# The same, and the main pages copied into docs/screenshots/ (shown in the README).
screenshots: install
	HOMENRICH_SCREENSHOTS_TO_DOCS=1 $(PY) -m pytest tests/browser/test_gallery.py -q -p no:cacheprovider \
		-k "([month- or [calendar- or [stats- or [household-phone or [household-desktop) and not desktop-dark"

bench: install
	$(PY) -m bench.run

bench-quick: install
	$(PY) -m bench.run --quick

requirements:
	uv pip compile -q requirements/base.in -o requirements.txt --python-version 3.12
	uv pip compile -q requirements/dev.in -o requirements/dev.txt --python-version 3.12
