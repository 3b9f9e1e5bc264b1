#!/usr/bin/env bash
# `make image-test`: checks the archives `make image-build` wrote. Each image is
# unpacked with umoci and its entrypoint run as the container runtime would
# run it: under chroot in the image's root file system, with /proc mounted (the
# Swift runtime reads its arguments there), as the image's user. Prints one
# line per check and "image-test: N passed, N failed".
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
images=${IMAGE_DIR:-$repo/.build/images}
work=$images/test
VERSION=; REGISTRY=; SOURCE_URL=
# shellcheck source=image-settings.sh
. "$repo/scripts/image-settings.sh"
[ "$(id -u)" -eq 0 ] || { echo "image-test: run as root (umoci unpack, chroot, mount)" >&2; exit 2; }
for image in pf-status-relay pf-status-relay-operator bond-cni pf-status-relay-operator-bundle; do
    [ -f "$images/$image.tar" ] || { echo "image-test: $images/$image.tar is missing: run make image-build first" >&2; exit 2; }
done

# shellcheck source=check-lib.sh
. "$repo/scripts/check-lib.sh"
mounted=()
cleanup() { for dir in "${mounted[@]}"; do umount "$dir" 2> /dev/null; done; }
trap cleanup EXIT

fresh_work_dir
# `env -i` clears PATH too: the commands it runs are named by their paths.
chroot=$(command -v chroot)

# unpack IMAGE: the root file system at $work/IMAGE/rootfs, with /proc mounted
# (scratch images have no /proc directory: one is made, as runtimes do).
unpack() {
    local image=$1
    mkdir -p "$work/$image/layout"
    tar -xf "$images/$image.tar" -C "$work/$image/layout"
    umoci unpack --image "$work/$image/layout:v$VERSION" "$work/$image/bundle" > /dev/null
    rootfs=$work/$image/bundle/rootfs
    mkdir -p "$rootfs/proc"
    mount -t proc proc "$rootfs/proc" && mounted+=("$rootfs/proc")
}

summary() { python3 scripts/oci-image.py "$images/$1.tar"; }
field() {  # field IMAGE PYTHON-EXPRESSION-ON-s
    summary "$1" | python3 -c "import json,sys; s=json.load(sys.stdin); print($2)"
}
expect_equal() {  # expect_equal ACTUAL EXPECTED
    [ "$1" = "$2" ] || { echo "expected: $2"; echo "actual:   $1"; return 1; }
}
files_of() {  # the regular files, links and directories of a root file system, but /proc
    (cd "$1" && find . -mindepth 1 -path ./proc -prune -o -print | sort | tr '\n' ' ')
}
labels_ok() {  # labels_ok IMAGE TITLE
    local labels
    labels=$(field "$1" 'json.dumps(s["labels"], sort_keys=True)')
    python3 - "$labels" "$2" "$VERSION" "$SOURCE_URL" <<'PY'
import json, re, sys
labels, title, version, source = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
want = {"org.opencontainers.image.title": title, "org.opencontainers.image.version": version,
        "org.opencontainers.image.source": source}
bad = {k: (labels.get(k), v) for k, v in want.items() if labels.get(k) != v}
revision = labels.get("org.opencontainers.image.revision", "")
if not re.fullmatch(r"[0-9a-f]{40}(-dirty)?", revision):
    bad["org.opencontainers.image.revision"] = (revision, "a commit id")
if bad:
    print("wrong labels (actual, expected):", bad)
    sys.exit(1)
PY
}
size_within() {  # size_within IMAGE MIB
    local bytes; bytes=$(field "$1" 's["uncompressedBytes"]')
    echo "$1: $bytes bytes uncompressed, budget $2 MiB"
    [ "$bytes" -le $(($2 * 1048576)) ]
}

# --- the daemon --------------------------------------------------------------
unpack pf-status-relay
daemon_root=$rootfs
check "daemon: ref name is the tag v$VERSION" expect_equal "$(field pf-status-relay 's["refName"]')" "v$VERSION"
check "daemon: entrypoint /pf-status-relay" expect_equal "$(field pf-status-relay 's["entrypoint"]')" "['/pf-status-relay']"
check "daemon: runs as root (user 0:0), the pod grants its capabilities" expect_equal "$(field pf-status-relay 's["user"]')" "0:0"
check "daemon: OCI labels title, version, revision, source" labels_ok pf-status-relay pf-status-relay
check "daemon: only the binary, no shell" expect_equal "$(files_of "$daemon_root")" "./pf-status-relay "
check "daemon: within 10 MiB uncompressed" size_within pf-status-relay 10
check "daemon: the stripped static binary within its budget, 10 MB" scripts/daemon-size.sh "$daemon_root/pf-status-relay"
check "daemon: --version is images.env's VERSION" \
    expect_equal "$(chroot "$daemon_root" /pf-status-relay --version)" "pf-status-relay $VERSION"
check "daemon: --help under chroot exits 0 and shows the usage" \
    bash -c "chroot '$daemon_root' /pf-status-relay --help | grep -q 'USAGE'"
check_json() {
    local status=0
    env -i $chroot "$daemon_root" /pf-status-relay check --json lo > "$work/check.json" 2> "$work/check.err" || status=$?
    [ "$status" -eq 1 ] || { echo "exit status $status, expected 1"; cat "$work/check.err"; return 1; }
    python3 - "$work/check.json" <<'PY'
import json, sys
reports = json.load(open(sys.argv[1]))
assert isinstance(reports, list) and len(reports) == 1, reports
assert reports[0]["interface"] == "lo" and reports[0]["ready"] is False, reports[0]
print("lo:", reports[0]["reason"])
PY
}
check "daemon: check --json lo under chroot exits 1 with a JSON array" check_json
check "daemon: a bad setting exits 2 with its message" bash -c \
    "status=0; env -i PF_STATUS_RELAY_INTERFACES=lo PF_STATUS_RELAY_POLLING_INTERVAL=5 $chroot '$daemon_root' /pf-status-relay 2> '$work/bad.err' || status=\$?; cat '$work/bad.err'; [ \$status -eq 2 ] && grep -q PF_STATUS_RELAY_POLLING_INTERVAL '$work/bad.err'"

# --- the operator --------------------------------------------------------------
unpack pf-status-relay-operator
operator_root=$rootfs
check "operator: ref name is the tag v$VERSION" expect_equal "$(field pf-status-relay-operator 's["refName"]')" "v$VERSION"
check "operator: entrypoint /pf-status-relay-operator" expect_equal "$(field pf-status-relay-operator 's["entrypoint"]')" "['/pf-status-relay-operator']"
check "operator: numeric non-root user 65532:65532 (runAsNonRoot holds)" expect_equal "$(field pf-status-relay-operator 's["user"]')" "65532:65532"
check "operator: OCI labels title, version, revision, source" labels_ok pf-status-relay-operator pf-status-relay-operator
check "operator: only the binary, no shell" expect_equal "$(files_of "$operator_root")" "./pf-status-relay-operator "
check "operator: within 50 MiB uncompressed" size_within pf-status-relay-operator 50
check "operator: --version prints images.env's VERSION, $VERSION" expect_equal \
    "$(env -i $chroot --userspec=65532:65532 "$operator_root" /pf-status-relay-operator --version 2>&1)" "$VERSION"
check "operator: without PF_STATUS_RELAY_IMAGE exits 2 with its message (as user 65532)" bash -c \
    "status=0; env -i $chroot --userspec=65532:65532 '$operator_root' /pf-status-relay-operator 2> '$work/op.err' || status=\$?; cat '$work/op.err'; [ \$status -eq 2 ] && grep -q PF_STATUS_RELAY_IMAGE '$work/op.err'"

# --- the bond CNI installer ----------------------------------------------------
unpack bond-cni
bond_root=$rootfs
check "bond-cni: ref name is the tag v$VERSION" expect_equal "$(field bond-cni 's["refName"]')" "v$VERSION"
check "bond-cni: entrypoint /bond-cni-installer, default arguments" expect_equal \
    "$(field bond-cni 's["entrypoint"] + s["cmd"]')" "['/bond-cni-installer', '--source', '/bond', '--target', '/host/opt/cni/bin']"
check "bond-cni: runs as root (writes the node's CNI directory)" expect_equal "$(field bond-cni 's["user"]')" "0:0"
check "bond-cni: OCI labels title, version, revision, source" labels_ok bond-cni bond-cni
check "bond-cni: only the plugin and the installer, no shell" expect_equal "$(files_of "$bond_root")" "./bond ./bond-cni-installer "
install_once() {
    rm -rf "$bond_root/host"; mkdir -p "$bond_root/host/opt/cni/bin"
    env -i $chroot "$bond_root" /bond-cni-installer --source /bond --target /host/opt/cni/bin --once || return 1
    cmp "$bond_root/bond" "$bond_root/host/opt/cni/bin/bond" || return 1
    [ "$(stat -c %a "$bond_root/host/opt/cni/bin/bond")" = 755 ] || { echo "mode $(stat -c %a "$bond_root/host/opt/cni/bin/bond")"; return 1; }
    # The copy is what a runtime runs on the node: ask it its versions.
    env -i CNI_COMMAND=VERSION "$bond_root/host/opt/cni/bin/bond" < /dev/null > "$work/version.json" || return 1
    cat "$work/version.json"
    python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert "1.0.0" in v["supportedVersions"], v' "$work/version.json"
}
check "bond-cni: the installer copies bond (mode 755) and the copy answers VERSION" install_once
install_and_wait() {
    rm -rf "$bond_root/host"; mkdir -p "$bond_root/host/opt/cni/bin"
    echo old > "$bond_root/host/opt/cni/bin/bond"
    env -i $chroot "$bond_root" /bond-cni-installer > "$work/installer.out" 2>&1 &
    local pid=$! waited=0
    while ! cmp -s "$bond_root/bond" "$bond_root/host/opt/cni/bin/bond"; do
        sleep 0.1; waited=$((waited + 1)); [ $waited -lt 100 ] || { echo "not installed after 10 s"; kill $pid; return 1; }
    done
    sleep 0.5
    kill -0 $pid || { echo "the installer exited instead of waiting"; return 1; }
    kill -TERM $pid; local status=0; wait $pid || status=$?
    cat "$work/installer.out"
    [ $status -eq 0 ] || { echo "exit status $status after SIGTERM"; return 1; }
    ls -A "$bond_root/host/opt/cni/bin" | grep -qv '^bond$' && { echo "left files behind:"; ls -A "$bond_root/host/opt/cni/bin"; return 1; }
    return 0
}
check "bond-cni: with the default arguments it replaces an old plugin, waits, and exits 0 on SIGTERM" install_and_wait
check "bond-cni: a missing target directory exits 2 with a clear message" bash -c \
    "status=0; env -i $chroot '$bond_root' /bond-cni-installer --target /nowhere --once 2> '$work/inst.err' || status=\$?; cat '$work/inst.err'; [ \$status -eq 2 ] && grep -q 'target directory /nowhere does not exist' '$work/inst.err'"

# --- the OLM bundle -------------------------------------------------------------
unpack pf-status-relay-operator-bundle
bundle_root=$rootfs
check "bundle: ref name is the tag v$VERSION" expect_equal "$(field pf-status-relay-operator-bundle 's["refName"]')" "v$VERSION"
check "bundle: /manifests and /metadata are bundle/ as committed" bash -c \
    "diff -r '$repo/bundle/manifests' '$bundle_root/manifests' && diff -r '$repo/bundle/metadata' '$bundle_root/metadata'"
bundle_labels() {
    local labels; labels=$(field pf-status-relay-operator-bundle 'json.dumps(s["labels"])')
    python3 - "$labels" "$repo/bundle/metadata/annotations.yaml" <<'PY'
import json, re, sys
labels = json.loads(sys.argv[1])
wanted = dict(re.findall(r"^\s+(operators\.operatorframework\.io\.[\w.]+):\s*(\S+)\s*$", open(sys.argv[2]).read(), re.M))
assert wanted, "no annotations read"
bad = {k: (labels.get(k), v) for k, v in wanted.items() if labels.get(k) != v}
assert not bad, bad
print(len(wanted), "bundle labels match bundle/metadata/annotations.yaml")
PY
}
check "bundle: labels repeat bundle/metadata/annotations.yaml" bundle_labels

# --- settings that disagree with images.env -----------------------------------------
refused() {  # refused SCRIPT: another VERSION or REGISTRY than images.env's is refused before any work
    local status=0 output
    output=$(VERSION=9.9.9 "scripts/$1" 2>&1) || status=$?
    echo "$output"
    [ "$status" -eq 2 ] && [[ $output == *"differ from images.env"*"make bundle VERSION=9.9.9"* ]] || return 1
    output=$(REGISTRY=registry.example.com/other "scripts/$1" 2>&1) || status=$?
    echo "$output"
    [ "$status" -eq 2 ] && [[ $output == *"differ from images.env"* ]]
}
check "image-build refuses a VERSION or REGISTRY other than images.env's, pointing to make bundle" refused image-build.sh
check "image-push refuses them too (the bundle would name other images)" refused image-push.sh

# --- a machine without the image tools -------------------------------------------------
# image-build on a PATH that has no buildah, skopeo or umoci: without apt-get it
# says what to install; with an apt-get that fails, it says so and what to do.
without_tools() {
    local bin=$work/bare-bin status output
    mkdir -p "$bin"
    for tool in id dirname; do ln -sf "$(command -v $tool)" "$bin/$tool"; done
    status=0; output=$(PATH=$bin "$BASH" scripts/image-build.sh 2>&1) || status=$?
    echo "$output"
    [ "$status" -eq 2 ] && [[ $output == *"needs buildah skopeo umoci"*"install buildah, skopeo and umoci"* ]] || return 1
    printf '#!%s\nexit 100\n' "$BASH" > "$bin/apt-get"; chmod +x "$bin/apt-get"
    status=0; output=$(PATH=$bin "$BASH" scripts/image-build.sh 2>&1) || status=$?
    echo "$output"
    [ "$status" -eq 2 ] && [[ $output == *"could not install buildah, skopeo and umoci with apt-get"* ]]
}
check "image-build without buildah, skopeo and umoci: installs them with apt-get, or says what to install" without_tools

# --- make image-push, against a real registry on loopback ------------------------------
# Debian's docker-registry (the CNCF distribution registry) on a free local
# port; a copy of the scripts whose images.env names that registry, pushing the
# archives built here (their content names the real REGISTRY, which does not
# matter for the push itself). Pulled back by reference, each image must be the
# archive's, layer for layer.
if ! command -v docker-registry > /dev/null && command -v apt-get > /dev/null; then
    apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-registry > /dev/null
fi
if command -v docker-registry > /dev/null; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$work/registry" "$work/push/scripts"
    printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
        "$work/registry" "$port" > "$work/registry.yml"
    docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
    registry_pid=$!
    cp scripts/image-push.sh scripts/image-settings.sh scripts/oci-image.py "$work/push/scripts/"
    sed "s|^REGISTRY=.*|REGISTRY=127.0.0.1:$port/image-test|" images.env > "$work/push/images.env"
    pushed() {
        for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break; sleep 0.1; done
        IMAGE_DIR=$images SKOPEO_FLAGS=--dest-tls-verify=false "$work/push/scripts/image-push.sh" || return 1
        for image in pf-status-relay pf-status-relay-operator bond-cni pf-status-relay-operator-bundle; do
            skopeo inspect --tls-verify=false --raw "docker://127.0.0.1:$port/image-test/$image:v$VERSION" > "$work/pushed.json" || return 1
            python3 - "$images/$image.tar" "$work/pushed.json" <<'PY' || return 1
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as archive:
    index = json.load(archive.extractfile("index.json"))
    algorithm, value = index["manifests"][0]["digest"].split(":")
    built = json.load(archive.extractfile(f"blobs/{algorithm}/{value}"))
pushed = json.load(open(sys.argv[2]))
same = [l["digest"] for l in built["layers"]] == [l["digest"] for l in pushed["layers"]] and \
    built["config"]["digest"] == pushed["config"]["digest"]
print(sys.argv[1].rsplit("/", 1)[-1], "pushed", "as built" if same else "DIFFERENT")
sys.exit(0 if same else 1)
PY
        done
    }
    check "make image-push: every archive pushed to a registry on loopback and pulled back by reference, layer for layer" pushed
    kill "$registry_pid" 2> /dev/null; wait "$registry_pid" 2> /dev/null
else
    echo "skip  make image-push against a registry: docker-registry is not installed (apt-get install docker-registry)"
fi

echo "image-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
