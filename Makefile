# Zhangfang: `make demo` and `make test` are all a newcomer needs.
PY := .venv/bin/python

.PHONY: demo gui test test-fast lint bench samples bootstrap clean translations screenshots bundle bundle-smoke

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	$(PY) -m app.demo

# the desktop app over the demo ledger that `make demo` filled (tray + window)
gui: bootstrap
	ZHANGFANG_HOME=$${ZHANGFANG_HOME:-/tmp/zhangfang-demo/home} $(PY) -m app gui --show

# refresh the catalogue from the sources (keeps translations), then compile it
translations:
	.venv/bin/pyside6-lupdate app/gui/*.py app/gui/screens/*.py -ts resources/translations/zhangfang_zh_CN.ts
	.venv/bin/pyside6-lrelease resources/translations/zhangfang_zh_CN.ts

# a PNG per screen under Xvfb, for the README
screenshots: bootstrap
	xvfb-run -a $(PY) bench/screenshots.py --out docs/screenshots

# two worker processes (pytest-xdist): 366 tests in ~3.6 min on 2 cores instead of ~5.6
test: bootstrap
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2

# everything but the tests marked slow (real browsers, servers, killed processes)
test-fast: bootstrap
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n 2 -m "not slow"

lint: bootstrap
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

bench: bootstrap
	$(PY) bench/accuracy.py
	$(PY) bench/capture_speed.py

samples: bootstrap
	rm -f resources/samples/*
	$(PY) -m testkit.generator resources/samples --samples

# the Linux bundle: dist/zhangfang/ and dist/zhangfang-<version>-linux-<arch>.tar.gz
# (its own build environment, build/bundle-venv; see installer/README.md)
bundle:
	bash installer/linux/build.sh

# unpack, install, use and uninstall the archive in a bare environment
bundle-smoke:
	python3 -I installer/linux/smoke.py

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .ruff_cache
