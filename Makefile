# The two set-up commands: `make demo` and `make test`. Both work on a fresh Debian machine.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# qmllint exits 0 on warnings unless told otherwise; the module must have none.
QMLLINT := $(BIN)/pyside6-qmllint --max-warnings 0 -I kiosk/ui/qml
# Debian packages Qt needs: the GL/font/xkb libraries for any platform plugin, the xcb ones for a real
# window on a bare X server (xset: the display off outside opening hours), and Xvfb + xdotool for
# the end-to-end tests that drive that window.
DEB_RUNTIME := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 x11-xserver-utils
# Optional: read-aloud in accessibility mode (Qt's text to speech needs libpulse0 to load, its
# speechd engine needs speech-dispatcher, which speaks through its espeak-ng module: without
# speech-dispatcher-espeak-ng it has only its "dummy" module and Qt's engine reports an error).
# The kiosk runs without.
DEB_SPEECH := libpulse0 speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
# The speech packages and a PulseAudio to record from: tests/ui/bridges/test_access_heard.py hears
# read-aloud for real (it is skipped where they are missing). Tesseract with its English and
# Spanish data: tests/e2e/test_hostile_names_ocr.py reads the real kiosk's screen back as a
# passer-by would (skipped where missing; the screen is grabbed with Qt, no other package).
# Debian's Prometheus (promtool comes in the same package; Debian has no promtool alone):
# tests/e2e/test_metrics_scrape.py scrapes a real kiosk, and promtool checks the served text and
# docs/kiosk-alerts.yml (skipped where missing).
DEB_TEST := xvfb xauth xdotool $(DEB_SPEECH) pulseaudio pulseaudio-utils \
	tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa prometheus

.PHONY: install system-deps speech-deps demo test lint qmltypes i18n bench soak snapshot clean bundle

system-deps:
	@missing=""; for p in $(DEB_RUNTIME) $(DEB_TEST) python3-venv; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

speech-deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEB_SPEECH) >/dev/null

$(STAMP): pyproject.toml
	$(MAKE) system-deps
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BIN)/kiosk run --windowed $(ARGS); \
	else \
	  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset)."; \
	  echo "Run it on a virtual screen:  xvfb-run -s '-screen 0 1920x1080x24' make demo"; \
	  echo "or render every screen to PNG:  make snapshot  (then open /tmp/kiosk-shots)"; \
	  exit 2; \
	fi

snapshot: install
	QT_QPA_PLATFORM=offscreen $(BIN)/kiosk snapshot --out /tmp/kiosk-shots $(ARGS)

# Two workers, a test file each at a time (--dist loadfile: a file's fixtures, its renders and its X
# server stay in one process), in the order collected: the files marked slow first
# (tests/conftest.py), not xdist's most-tests-first, which left a 40 s file for the end.
# PYTEST_WORKERS=0 runs everything in one process, e.g. to read a failure in order.
PYTEST_WORKERS ?= 2
test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The same checks run before each commit (.pre-commit-config.yaml) and in `make test`.
lint: install
	$(BIN)/ruff check kiosk tests tools
	$(BIN)/ruff format --check kiosk tests tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(QMLLINT) kiosk/ui/qml/Kiosk/*.qml

# The bridges' type information for qmllint and editors (checked in; a test fails when stale).
qmltypes: install
	$(BIN)/python tools/qmltypes.py

# The kiosk's own words (qsTr in QML, and the staff messages' table in kiosk/ops/staff_words.py,
# context StaffWords): refresh the .ts files from them (new strings arrive
# "unfinished" for a translator), then compile them to the .qm files the kiosk loads. Both are
# checked in, so a clean clone runs, tests and bundles without Qt's tools; a test fails when the
# .ts is stale, has unfinished entries, or the .qm does not match it.
I18N_TS := $(wildcard kiosk/ui/i18n/kiosk_*.ts)
I18N_SOURCES := kiosk/ops/staff_words.py
i18n: install
	$(BIN)/pyside6-lupdate -silent -no-obsolete -locations none kiosk/ui/qml/Kiosk/*.qml \
	  $(I18N_SOURCES) -ts $(I18N_TS)
	for ts in $(I18N_TS); do $(BIN)/pyside6-lrelease -silent $$ts -qm $${ts%.ts}.qm; done

# The kiosk beside a minimal Qt Quick crossfade (tests/bench/reference.py), as ratios, on fresh
# Xvfb servers whose screens are watched: with the renderer kiosk run picks by itself, then both
# on OpenGL; then the pack figures and the loop's frames while a 154 MB pack installs
# (tests/bench/install_frames.py), ~12 minutes: bench/results.json and the tables in
# docs/performance.md. Then the in-process figures (offscreen, no reference). make test runs the
# bench's short form (tests/e2e/test_bench_short.py) and the torture pack on every screen, size,
# language and mode (tests/render/test_snapshot_torture.py).
bench: install
	$(BIN)/python -m tests.bench.bench
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -s tests/bench/test_bench.py
	@# The frozen build and its smoke test: too long for CI's 15 minutes beside make test.
	$(MAKE) bundle

# The real kiosk aged fast on a bare Xvfb: fails on an abort, a frozen loop or a memory leak.
# 100,000 transitions (a slide every 0.05-0.1 s, touch sessions, junk in the inbox) take about
# four hours here; SOAK_TRANSITIONS=0 SOAK_SECONDS=600 makes it ten minutes instead.
SOAK_TRANSITIONS ?= 100000
SOAK_SECONDS ?= 36000
soak: install
	$(BIN)/python -m tests.bench.soak --transitions $(SOAK_TRANSITIONS) --seconds $(SOAK_SECONDS) \
	  --slide-seconds 0.05-0.1 --samples bench/soak-samples.csv

bundle: install
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build build_spec/kiosk.spec
	@echo "Smoke test of the frozen build:"
	QT_QPA_PLATFORM=offscreen dist/kiosk/kiosk --home "$$(mktemp -d)" snapshot --out /tmp/kiosk-bundle-shots
	@echo "Smoke test of the frozen build's signatures (keys new, pack build, keys trust, pack install):"
	smoke="$$(mktemp -d)" && k="dist/kiosk/kiosk --home $$smoke/home" && export QT_QPA_PLATFORM=offscreen \
	  && $$k keys new "$$smoke/author" && $$k pack build --key "$$smoke/author.key" -o "$$smoke/p.kpack" content \
	  && $$k keys trust "$$smoke/author.pub" && $$k pack install "$$smoke/p.kpack" && rm -rf "$$smoke"
	@echo "Smoke test of the frozen build's read-aloud (kiosk say, heard through a null sink):"
	KIOSK_BUNDLE="$(CURDIR)/dist/kiosk/kiosk" $(BIN)/pytest -q tests/bench/test_bundle_speaks.py
	@echo "Bundle size: $$(du -sh dist/kiosk | cut -f1) ($$(du -sb dist/kiosk | cut -f1) bytes; the aim is 150 MB)"

clean:
	rm -rf $(VENV) build dist *.egg-info
