# The two commands: `make run` and `make test`. Everything they need is
# prepared by the targets below on a machine that has only Go, Node and npm.
SHELL := /bin/bash
GO    ?= go
BIN   := bin/console
ADDR  ?= 127.0.0.1:8080
DATA  ?= ./data

.PHONY: run build generate templ-check test unit vet bench clean

run: build
	./$(BIN) serve --addr $(ADDR) --data $(DATA)

build: generate
	$(GO) build -o $(BIN) ./cmd/console

generate:
	$(GO) tool templ generate

# Fails when the committed *_templ.go files are not what templ generates.
templ-check: generate
	git diff --exit-code -- '*_templ.go'

vet:
	$(GO) vet ./...

unit: vet
	$(GO) test -race -count=1 ./...

test: unit

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin .cache
