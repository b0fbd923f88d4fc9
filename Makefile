# Lacuna: the two commands of the README's quick start, and what they need.
#   make demo   builds Lacuna and reconstructs the demo clinic's lost days end to end
#   make test   runs the whole test suite
# Both first install the Debian -dev packages Lacuna builds against, if any is missing.

DEBIAN_PACKAGES := libcsv-dev libxml2-dev libsqlite3-dev pkg-config tzdata
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build demo test clean

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build

demo: build
	@rm -rf demo-out
	.build/debug/lacuna run playbooks/demo-clinic.yml
	@echo
	@echo "Scored against the drill's truth:"
	@.build/debug/lacuna eval demo-out fixtures/demo-clinic/truth

test: deps
	swift test

clean:
	rm -rf .build demo-out
