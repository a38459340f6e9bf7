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

bench: build
	python3 Scripts/bench/text.py

clean:
	rm -rf .build
