SHELL := /bin/bash

# Extra arguments for `swift test`, e.g. make test TEST_ARGS='--filter CatalogTests'
TEST_ARGS ?=
export TEST_ARGS

.PHONY: help db stop status build run test release fuzz

db:
	ops/postgres.sh ensure

stop:
	ops/postgres.sh stop

# A stopped cluster is an answer, not a failure (postgres.sh exits 3 for it).
status:
	@ops/postgres.sh status || [ $$? -eq 3 ]

build:
	swift build

run: db
	swift build
	ops/run-local.sh

test: db
	ops/run-tests.sh

release:
	swift build -c release

fuzz:
	ops/fuzz.sh

help:
	@echo "make run      database, migrations, a demo tenant, a worker and the API on :8080"
	@echo "make test     the whole test suite against the local database"
	@echo "make fuzz     schemathesis (PyPI, into .fuzz/) against a debug server and /openapi.json,"
	@echo "              bounded by FUZZ_SECONDS (180) and FUZZ_MAX_EXAMPLES (30)"
	@echo "make db | stop | status | build | release"
