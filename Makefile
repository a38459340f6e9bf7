# Vectorbook — the two commands a newcomer runs (both install what they need and are idempotent):
#   make site    build the course site into _site/ (release build, offline model packs)
#   make test    build and run the test suite, check every chapter, and verify the built site in Chromium
SWIFT ?= swift
SITE ?= _site

.PHONY: site build test test-deps deps models bench clean

deps:
	@Scripts/install-deps

models: deps
	@python3 Scripts/install-models

site: build
	"$$($(SWIFT) build -c release --show-bin-path)/vectorbook" build --output $(SITE)

build: models
	$(SWIFT) build -c release --product vectorbook
	@echo "vectorbook is at $$($(SWIFT) build -c release --show-bin-path)/vectorbook"

test-deps: deps
	@Scripts/install-deps --with-browser

test: models test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	"$$($(SWIFT) build --show-bin-path)/vectorbook" check
	"$$($(SWIFT) build --show-bin-path)/vectorbook" build --output .build/test-site
	python3 Scripts/verify-site .build/test-site --screenshots .build/site-screenshots

# Needs a Python with torch, transformers and sentence-transformers (Scripts/reference/README.md).
REF_PYTHON ?= python3
bench: build
	$(REF_PYTHON) Scripts/bench/text.py

clean:
	rm -rf .build
