# pf-status-relay: common tasks. `make help` lists them.
SWIFT ?= swift
FUZZ_SECONDS ?= 30
BINARY := .build/debug/pf-status-relay
# The test tooling (the Kubernetes API test server, operator-bench): a package of its own.
TEST_TOOLING := Testing/KubeTestServer

# VERSION, REGISTRY and SOURCE_URL: the one source of the image names and tags
# (make bundle VERSION=... REGISTRY=... rewrites it; command-line values win).
include images.env

.PHONY: help deps build release static bond test unit lint man fuzz lab lab-test demo bench bench-footprint soak host-demo check-node manifests-check bench-operator clean image-build image-test image-push

help:
	@echo "make build      debug build of the root package (the test tooling in $(TEST_TOOLING) builds with make unit)"
	@echo "make static     release binary with the Swift runtime linked in (for bare VMs and images)"
	@echo "make bond       the bond CNI plugin, static release binary (install it in /opt/cni/bin)"
	@echo "make test       every test: lint, unit, kernel integration (root), bounded fuzzing, lab scenarios"
	@echo "make demo       the operator guide's failover check in the lab VM: a pod's bond fails over when a switch dies (needs root)"
	@echo "make bench      the lab benchmarks (about 20 minutes): the relay's reaction and footprint, the pod's outage"
	@echo "make bench-footprint  the benchmark's footprint part alone (about 4 minutes): CPU with and without metrics"
	@echo "make soak       the early detection's soak: $(SOAK_SECONDS) s of healthy LACP, host loaded; 0 verdicts expected (root)"
	@echo "make lab-test   only the lab scenarios (LAB_SCENARIOS=\"01-negotiation ...\" to pick)"
	@echo "make host-demo  the daemon against this machine's kernel, without the VM"
	@echo "make fuzz       fuzz the netlink decoder for FUZZ_SECONDS (default $(FUZZ_SECONDS))"
	@echo "make bench-operator  1000 PFLACPMonitors on 1000 Nodes: time to DaemonSets and Ready, operator RSS"
	@echo "make man        regenerate docs/man/pf-status-relay-operator.1 from the operator's command definitions"
	@echo "make manifests-check  validate the operator's manifests (config/) and OLM bundle (bundle/)"
	@echo "make bundle [VERSION=x.y.z] [REGISTRY=host/path]  regenerate images.env, image references, bundle/ and catalog/"
	@echo "make image-build  the four OCI images (daemon, operator, bond-cni, bundle) as archives in .build/images (root)"
	@echo "make image-test   run each image's entrypoint from its unpacked root file system (root)"
	@echo "make image-push REGISTRY=...  push the archives with skopeo (after make bundle with that REGISTRY)"

# Tools the tests and the demo call, installed from Debian only when missing:
# promtool (package prometheus) checks the alert rules and real scrapes, groff
# formats the daemon's man page in its unit test.
deps:
	@command -v ip >/dev/null && command -v python3 >/dev/null && command -v promtool >/dev/null && command -v groff >/dev/null || \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends iproute2 python3 prometheus groff-base)

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product pf-status-relay

# --static-swift-stdlib: only glibc stays dynamic, so the binary runs on any
# glibc-based system without a Swift toolchain.
static:
	$(SWIFT) build -c release --static-swift-stdlib --product pf-status-relay
	@echo "built $$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/pf-status-relay"

# The bond CNI plugin, static like the daemon (the lab VM runs it from lab/run.sh).
bond:
	$(SWIFT) build -c release --static-swift-stdlib --product bond
	@echo "built $$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/bond"

lint:
	scripts/lint.sh

# The operator's man page from its ArgumentParser definitions (scripts/man.sh);
# make unit checks that the committed page is current.
man:
	scripts/man.sh

# Both packages: the root and the test tooling (Testing/KubeTestServer, the
# Kubernetes API test server, a package of its own with its own .build). The
# build logs are kept so that strict-memory-safety warnings (unsafe code
# outside the socket file) fail the run.
unit: deps lint
	mkdir -p .build $(TEST_TOOLING)/.build
	$(SWIFT) build --build-tests 2>&1 | tee .build/test-build.log
	$(SWIFT) build --package-path $(TEST_TOOLING) --build-tests 2>&1 | tee $(TEST_TOOLING)/.build/test-build.log
	@if grep -n 'StrictMemorySafety' .build/test-build.log $(TEST_TOOLING)/.build/test-build.log | grep -v 'SystemCalls.swift'; then \
		echo "strict memory safety warnings outside Sources/KernelSockets/SystemCalls.swift"; exit 1; fi
	scripts/man.sh --check
	$(SWIFT) test --skip-build
	$(SWIFT) test --package-path $(TEST_TOOLING) --skip-build

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

lab:
	lab/build.sh

lab-test: deps
	lab/test.sh

# The lab runs the binaries shipped in the images (from their unpacked root
# file systems), so the shipped bits are what is tested against real bonding.
IMAGE_ROOTFS := .build/images/test
lab-test-images: deps
	LAB_DAEMON=$(IMAGE_ROOTFS)/pf-status-relay/bundle/rootfs/pf-status-relay \
	LAB_BOND=$(IMAGE_ROOTFS)/bond-cni/bundle/rootfs/bond \
	LAB_OPERATOR=$(IMAGE_ROOTFS)/pf-status-relay-operator/bundle/rootfs/pf-status-relay-operator lab/test.sh

test: unit manifests-check image-test fuzz lab-test-images

# OCI images, built offline with buildah FROM scratch (scripts/image-build.sh);
# names and tags from images.env.
image-build:
	scripts/image-build.sh

image-test: image-build
	scripts/image-test.sh
	scripts/install-test.sh

image-push:
	scripts/image-push.sh

demo: deps
	lab/demo.sh

bench: deps
	lab/bench.sh

# The footprint part of the benchmark alone (about 6 minutes): CPU, RSS and
# threads of the daemon as designed, with its metrics on, and poll-only.
bench-footprint: deps
	$(SWIFT) build -c release --static-swift-stdlib --product pf-status-relay
	$(SWIFT) build -c release --static-swift-stdlib --product lab-probe
	LAB_PROBE=$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/lab-probe LAB_TIMEOUT=900 LAB_MEMORY=2048 \
		LAB_ENV="FOOTPRINT_ONLY=1" lab/run.sh bench .build/lab-bench-footprint
	python3 lab/bench-report.py .build/lab-bench-footprint | tee .build/lab-bench-footprint/report.txt
	scripts/daemon-size.sh | tee -a .build/lab-bench-footprint/report.txt || true

# The early detection's false-positive soak: SOAK_SECONDS of healthy LACP on
# four PFs with both vCPUs busy; prints the counts that must stay 0.
SOAK_SECONDS ?= 1800
soak: deps
	$(SWIFT) build -c release --static-swift-stdlib --product pf-status-relay
	$(SWIFT) build -c release --static-swift-stdlib --product lab-probe
	LAB_TIMEOUT=$$(( $(SOAK_SECONDS) + 600 )) LAB_ENV="SOAK_SECONDS=$(SOAK_SECONDS)" lab/run.sh 20-early-soak .build/lab-soak
	@cat .build/lab-soak/soak.txt

host-demo: deps build
	BINARY=$(BINARY) scripts/demo-host.sh

check-node: build
	$(BINARY) check

# The operator's Kubernetes manifests and OLM bundle: kustomize builds, the
# Kubernetes 1.32 schemas, the CRD schema against samples (valid and invalid),
# and the bundle's consistency with config/; the alerts of config/prometheus
# (promtool check rules and their unit tests, promtool test rules) and the
# dashboard's queries. Needs kubectl and promtool (Debian: apt-get install
# prometheus; PROMTOOL=path picks another), and fails without either; installs
# the pinned Python packages when missing. The checks are the package scripts/manifests/;
# its unit tests (scripts/tests/, unittest) run first.
# A virtual environment of its own (.build-venv, git-ignored), so that the
# pinned packages never touch the system's Python.
VENV := .build-venv
manifests-check: deps
	@test -x $(VENV)/bin/python3 || python3 -m venv $(VENV)
	@$(VENV)/bin/python3 -c 'import kubernetes_validate, jsonschema, yaml' 2>/dev/null || \
		$(VENV)/bin/python3 -m pip install -q -r scripts/requirements-manifests.txt
	@command -v promtool >/dev/null || test -x "$$PROMTOOL" || \
		echo "manifests-check: promtool not found (Debian: apt-get install prometheus, or PROMTOOL=path); the alert checks will fail" >&2
	$(VENV)/bin/python3 -m unittest discover -s scripts/tests -t scripts
	$(VENV)/bin/python3 scripts/validate-manifests.py

# The OLM bundle, the catalog and every image reference, from images.env and
# config/ (scripts/bundle.py). Refuses a wrong VERSION or REGISTRY (exit 2)
# before writing anything; with the current values it changes nothing.
.PHONY: bundle
bundle:
	@test -x $(VENV)/bin/python3 || python3 -m venv $(VENV)
	@$(VENV)/bin/python3 -c 'import yaml' 2>/dev/null || \
		$(VENV)/bin/python3 -m pip install -q -r scripts/requirements-manifests.txt
	$(VENV)/bin/python3 scripts/bundle.py --version '$(VERSION)' --registry '$(REGISTRY)'

# The operator at scale: N PFLACPMonitors on N Nodes against the API test
# server (release builds; operator-bench is in the test tooling package); prints
# times to all DaemonSets and all Ready, and RSS.
BENCH_MONITORS ?= 1000
bench-operator:
	$(SWIFT) build -c release --product pf-status-relay-operator
	$(SWIFT) build --package-path $(TEST_TOOLING) -c release --product operator-bench
	$(TEST_TOOLING)/.build/release/operator-bench .build/release/pf-status-relay-operator $(BENCH_MONITORS)

clean:
	rm -rf .build .build-* $(TEST_TOOLING)/.build
