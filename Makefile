SHELL := /bin/bash

# Extra arguments for `swift test`, e.g. make test TEST_ARGS='--filter CatalogTests'
TEST_ARGS ?=
export TEST_ARGS

.PHONY: db stop status build run test release

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
