# Vectorbook — the two commands a newcomer runs (both install what they need and are idempotent):
#   make build   build the release `vectorbook` binary and install the offline model packs
#   make test    build and run the test suite
SWIFT ?= swift

.PHONY: build test deps models bench clean

deps:
	@Scripts/install-deps

models: deps
	@python3 Scripts/install-models

build: models
	$(SWIFT) build -c release --product vectorbook
	@echo "vectorbook is at $$($(SWIFT) build -c release --show-bin-path)/vectorbook"

test: models
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Needs a Python with torch, transformers and sentence-transformers (Scripts/reference/README.md).
REF_PYTHON ?= python3
bench: build
	$(REF_PYTHON) Scripts/bench/text.py

clean:
	rm -rf .build
