# Lacuna: the two commands of the README's quick start, and what they need.
#   make demo   builds Lacuna and reconstructs the demo clinic's lost days end to end
#   make test   runs the whole test suite
# Both first install the Debian -dev packages Lacuna builds against, if any is missing.

DEBIAN_PACKAGES := libcsv-dev libxml2-dev libsqlite3-dev zlib1g-dev libjemalloc-dev pkg-config tzdata
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release demo test clean check-annotations check-browser fuzz

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build

# The program as a practice runs it (.build/release/lacuna): optimised, and with the Swift runtime and
# Foundation linked into it, so the machine it is copied to needs Debian's libraries alone (libcsv,
# libxml2, libsqlite3, zlib, jemalloc), not Swift; and a run's calls into the runtime, hundreds of
# millions of them (every retain and release), are direct rather than through the dynamic linker's
# table: some 4% less CPU (bench/scale/run.sh). The benches measure this build.
release: deps
	swift build -c release --product lacuna --static-swift-stdlib

demo: build
	@rm -rf demo-out
	.build/debug/lacuna run playbooks/demo-clinic.yml
	@echo
	@echo "Scored against the drill's truth:"
	@.build/debug/lacuna eval demo-out fixtures/demo-clinic/truth

# The tests also print worksheets double-sided to PDF (Debian's chromium, read back with poppler-utils),
# and run the case store on PostgreSQL (Debian's server, started by scripts/start-postgres.sh; the
# PostgreSQL tests fail rather than skip when LACUNA_REQUIRE_POSTGRES is set).
TEST_PACKAGES := chromium poppler-utils postgresql

test: deps
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages for the tests:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	bash scripts/start-postgres.sh
	LACUNA_REQUIRE_POSTGRES=1 swift test

clean:
	rm -rf .build demo-out

# The chart annotations parse with python-hl7 and hl7apy (strict v2.4): a venv with both, then the check
# over the demo's annotations/ (ORU^R01) and an MDM^T02 run of the same case.
HL7_VENV := .venv-hl7
check-annotations: build
	@[ -x $(HL7_VENV)/bin/python ] || (python3 -m venv $(HL7_VENV) && $(HL7_VENV)/bin/pip install -q hl7==0.4.5 hl7apy==1.3.5)
	@rm -rf demo-out /tmp/lacuna-mdm-check
	.build/debug/lacuna run playbooks/demo-clinic.yml > /dev/null
	$(HL7_VENV)/bin/python scripts/check-annotations.py demo-out/annotations
	.build/debug/lacuna run playbooks/demo-clinic.yml --out /tmp/lacuna-mdm-check --annotations mdm > /dev/null
	$(HL7_VENV)/bin/python scripts/check-annotations.py /tmp/lacuna-mdm-check/annotations

# The worklist in a real browser: Debian's chromium and chromium-driver, selenium in a venv; a drilled case
# served, signed in, a call recorded, a result filed, the case run again, both still there; screenshots
# in /tmp/lacuna-browser.
BROWSER_VENV := .venv-browser
check-browser: build
	@dpkg -s chromium chromium-driver curl >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver curl)
	@[ -x $(BROWSER_VENV)/bin/python ] || (python3 -m venv $(BROWSER_VENV) && $(BROWSER_VENV)/bin/pip install -q selenium==4.51.0)
	PYTHON=$(BROWSER_VENV)/bin/python bash scripts/check-browser.sh

# Fuzzing (Fuzz/README.md): each reader under libFuzzer and AddressSanitizer for FUZZ_SECONDS, from the
# committed corpus; new inputs go to Fuzz/work/, crashes to Fuzz/crashes/ (copy one into Fuzz/corpus/
# once fixed: the tests replay that folder). Fails if any target crashed.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= hl7 csv json xml playbook
FUZZ_BUILD := swift build --package-path Fuzz --scratch-path Fuzz/.build -c release --sanitize=fuzzer --sanitize=address \
	-Xswiftc -parse-as-library -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table
fuzz: deps
	$(FUZZ_BUILD)
	@failed=""; for t in $(FUZZ_TARGETS); do \
		mkdir -p Fuzz/work/$$t Fuzz/crashes/$$t; \
		echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
		Fuzz/.build/release/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix=Fuzz/crashes/$$t/ Fuzz/work/$$t Fuzz/corpus/$$t > Fuzz/work/$$t.log 2>&1 || failed="$$failed $$t"; \
		grep -E "DONE|stat::number_of_executed_units|SUMMARY|ERROR: libFuzzer" Fuzz/work/$$t.log | sed "s/^/  /"; \
	done; \
	if [ -n "$$failed" ]; then echo "crashed:$$failed (inputs in Fuzz/crashes/)"; exit 1; fi
