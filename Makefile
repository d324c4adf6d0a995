# Zhangfang: `make demo` and `make test` are all a newcomer needs.
PY := .venv/bin/python

.PHONY: demo test lint bench samples bootstrap clean

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	$(PY) -m app.demo

test: bootstrap
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: bootstrap
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench: bootstrap
	$(PY) bench/accuracy.py
	$(PY) bench/capture_speed.py

samples: bootstrap
	rm -f resources/samples/*
	$(PY) -m tests.generator resources/samples --samples

clean:
	rm -rf .venv build *.egg-info .pytest_cache .ruff_cache
