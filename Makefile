# The two commands: `make run` and `make test`. Everything they need is
# prepared by the targets below on a machine that has only Go, Node and npm.
SHELL := /bin/bash
GO    ?= go
BIN   := bin/console
ADDR  ?= 127.0.0.1:8080
DATA  ?= ./data

.PHONY: run build generate templ-check test unit vet bench bench-console bench-tokens clean e2e e2e-deps e2e-driver e2e-chromium e2e-axe screenshots

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

test: unit e2e

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The console's list page and create flow against a trivial handler (issue 3).
bench-console:
	$(GO) test -run '^$$' -bench 'BenchmarkConsole$$' -benchtime=1x ./web/

# Service account token grants (issue 6): crypto-only vs whole grants over HTTP,
# in TOKENS_BENCH_ROUNDS rounds (see tenant/tokens_bench_test.go for the figures).
TOKENS_BENCH_ROUNDS ?= 3
bench-tokens:
	TOKENS_BENCH_ROUNDS=$(TOKENS_BENCH_ROUNDS) $(GO) test -run '^$$' -bench 'BenchmarkTokenGrants' -benchtime 3000x ./tenant/

clean:
	rm -rf bin .cache e2e/artifacts

# ---- End-to-end tests: the real binary in real Chromium (see e2e/README.md) ----
# Nothing here downloads a browser or a driver from anywhere but npm and Debian.
PLAYWRIGHT_MOD := github.com/mxschmitt/playwright-go
CHROMIUM       ?= /usr/bin/chromium
AXE_VERSION    := 4.14.1
E2E_CACHE      := .cache/e2e
AXE_JS         := $(E2E_CACHE)/axe-core-$(AXE_VERSION)/axe.min.js
E2E_FLAGS      ?= -count=1
# The driver version is the one the module pins (playwrightCliVersion in its
# run.go), so a module upgrade cannot leave a stale driver. Read lazily, once.
PW_VERSION = $(eval PW_VERSION := $(shell $(GO) mod download $(PLAYWRIGHT_MOD) && \
	sed -n 's/^[[:space:]]*playwrightCliVersion[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' \
	"$$($(GO) list -m -f '{{.Dir}}' $(PLAYWRIGHT_MOD))/run.go"))$(PW_VERSION)
DRIVER_DIR = $(E2E_CACHE)/playwright-driver-$(PW_VERSION)
E2E_ENV = PLAYWRIGHT_DRIVER_PATH=$(abspath $(DRIVER_DIR)) E2E_CHROMIUM=$(CHROMIUM) E2E_AXE_JS=$(abspath $(AXE_JS))

e2e: e2e-deps
	$(E2E_ENV) $(GO) test -tags e2e $(E2E_FLAGS) ./e2e/

# One screenshot per page of the console into docs/screenshots/.
screenshots: e2e-deps
	$(E2E_ENV) E2E_SCREENSHOTS_DIR=$(abspath docs/screenshots) \
		$(GO) test -tags e2e,screenshots -count=1 -run '^TestScreenshots$$' ./e2e/

e2e-deps: e2e-driver e2e-chromium e2e-axe

# The Playwright driver: playwright-core of the pinned version from npm, the
# machine's node, and the module's one patch step (downloads nothing when the
# driver is current). A stamp file makes a second run instant.
e2e-driver:
	@test -n "$(PW_VERSION)" || { echo "e2e: cannot read playwrightCliVersion from $(PLAYWRIGHT_MOD)'s run.go" >&2; exit 1; }
	@if [ ! -f $(DRIVER_DIR)/.ready ]; then \
		set -e; echo "e2e: preparing Playwright driver $(PW_VERSION) in $(DRIVER_DIR)"; \
		command -v node >/dev/null || { echo "e2e: node is required (Node 20 or newer)" >&2; exit 1; }; \
		rm -rf $(DRIVER_DIR) && mkdir -p $(DRIVER_DIR); \
		(cd $(DRIVER_DIR) && npm pack --silent playwright-core@$(PW_VERSION) >/dev/null && \
			tar -xzf playwright-core-$(PW_VERSION).tgz && rm playwright-core-$(PW_VERSION).tgz); \
		ln -sf "$$(command -v node)" $(DRIVER_DIR)/node; \
		PLAYWRIGHT_DRIVER_PATH=$(abspath $(DRIVER_DIR)) $(GO) run $(PLAYWRIGHT_MOD)/cmd/playwright --version; \
		touch $(DRIVER_DIR)/.ready; \
	fi

# Debian's Chromium: installed with apt-get when missing and we are root.
e2e-chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "e2e: installing Debian's chromium with apt-get"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null || exit 1; \
		else \
			echo "e2e: $(CHROMIUM) is missing. Install Debian's chromium package (as root: apt-get update && apt-get install -y chromium)," >&2; \
			echo "     or point CHROMIUM=/path/to/chromium at a Chromium matching Playwright's (make e2e CHROMIUM=...)." >&2; \
			exit 1; \
		fi; \
	fi

# axe-core, the accessibility engine the suite injects into each page.
e2e-axe: $(AXE_JS)
$(AXE_JS):
	@echo "e2e: fetching axe-core $(AXE_VERSION) from npm"
	@set -e; d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; \
		(cd "$$d" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar -xzf axe-core-$(AXE_VERSION).tgz); \
		mkdir -p $(dir $@) && cp "$$d/package/axe.min.js" $@.tmp && mv $@.tmp $@
