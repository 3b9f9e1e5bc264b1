#!/usr/bin/env bash
# `make image-build`: builds the project's four OCI images offline, FROM scratch,
# with buildah (vfs storage, chroot isolation: no container engine needed), and
# writes each as an OCI archive under .build/images/ with its tag as the ref
# name:
#   pf-status-relay.tar                  the node daemon
#   pf-status-relay-operator.tar         the operator
#   bond-cni.tar                         the bond CNI plugin and its installer
#   pf-status-relay-operator-bundle.tar  the OLM bundle (bundle/)
# Image names and tags come from images.env (VERSION, REGISTRY, SOURCE_URL),
# the same file `make bundle` writes into every manifest. Prints each image's
# size against its budget and fails when a budget is exceeded.
#
# Binaries are release builds linked fully statically (-static-executable):
# the images hold no C library, and the bond plugin, which the installer copies
# onto nodes, runs whatever the node's C library is. Default package traits are
# off: the operator in the image reads its in-cluster configuration (or a JSON
# kubeconfig) and links no YAML parser, which would bring full Foundation and
# its ICU data (36 MB).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out=${IMAGE_DIR:-$repo/.build/images}
scratch=$repo/.build-image
SWIFT=${SWIFT:-swift}

fail() { echo "image-build: $*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || fail "run as root (buildah builds images as root here: vfs storage, chroot isolation)"

# Tools, from Debian's archive when missing.
missing=()
for tool in buildah skopeo umoci; do command -v "$tool" > /dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
    if command -v apt-get > /dev/null; then
        echo "image-build: installing ${missing[*]} (Debian packages)"
        { apt-get update -q > /dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends buildah skopeo umoci > /dev/null; } \
            || fail "could not install buildah, skopeo and umoci with apt-get; install them by hand (Debian/Ubuntu: apt-get install buildah skopeo umoci)"
    else
        fail "needs ${missing[*]}: install buildah, skopeo and umoci with your distribution's packages"
    fi
fi

# shellcheck source=image-settings.sh
. "$repo/scripts/image-settings.sh"

revision=$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)
if [ "$revision" != unknown ] && [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    revision="$revision-dirty"
fi

build_flags=(-c release --scratch-path "$scratch" --static-swift-stdlib -Xswiftc -static-executable --disable-default-traits)
echo "image-build: version $VERSION, registry $REGISTRY, revision $revision"
for product in pf-status-relay pf-status-relay-operator bond bond-cni-installer; do
    echo "image-build: building $product (release, static executable)"
    mkdir -p "$scratch"
    if ! "$SWIFT" build "${build_flags[@]}" --product "$product" > "$scratch/build-$product.log" 2>&1; then
        tail -n 30 "$scratch/build-$product.log" >&2
        fail "swift build of $product failed (log: $scratch/build-$product.log)"
    fi
done
bin=$("$SWIFT" build "${build_flags[@]}" --show-bin-path)

rm -rf "$out"
mkdir -p "$out/context"
stage() {  # stage IMAGE BINARY...: stripped copies in the image's build context
    local image=$1; shift
    mkdir -p "$out/context/$image"
    for binary in "$@"; do strip -o "$out/context/$image/$binary" "$bin/$binary"; done
}
stage pf-status-relay pf-status-relay
stage pf-status-relay-operator pf-status-relay-operator
stage bond-cni bond bond-cni-installer
mkdir -p "$out/context/pf-status-relay-operator-bundle"
cp -r bundle "$out/context/pf-status-relay-operator-bundle/bundle"

storage=(--storage-driver vfs --root "$out/storage" --runroot "$out/run")
build() {  # build IMAGE CONTAINERFILE
    local image=$1 containerfile=$2 reference="$REGISTRY/$1:v$VERSION"
    buildah "${storage[@]}" bud --quiet --isolation chroot --format oci --layers=false \
        --build-arg "VERSION=$VERSION" --build-arg "REVISION=$revision" --build-arg "SOURCE_URL=$SOURCE_URL" \
        --timestamp 0 -f "$containerfile" -t "$reference" "$out/context/$image" > /dev/null
    rm -f "$out/$image.tar"
    buildah "${storage[@]}" push --quiet "$reference" "oci-archive:$out/$image.tar:v$VERSION"
}
build pf-status-relay images/pf-status-relay.Containerfile
build pf-status-relay-operator images/pf-status-relay-operator.Containerfile
build bond-cni images/bond-cni.Containerfile
build pf-status-relay-operator-bundle bundle.Dockerfile
rm -rf "$out/storage" "$out/run"

# Sizes (uncompressed layers) against the budgets.
status=0
for image in pf-status-relay pf-status-relay-operator bond-cni pf-status-relay-operator-bundle; do
    case $image in
        pf-status-relay) budget=10 ;;
        pf-status-relay-operator) budget=50 ;;
        *) budget= ;;
    esac
    bytes=$(python3 scripts/oci-image.py "$out/$image.tar" | python3 -c 'import json,sys; print(json.load(sys.stdin)["uncompressedBytes"])')
    mib=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
    if [ -n "$budget" ]; then
        verdict=ok; [ "$bytes" -le $((budget * 1048576)) ] || { verdict="OVER BUDGET"; status=1; }
        printf 'image-build: %-34s %6s MiB uncompressed (budget %s MiB: %s)  %s\n' "$image" "$mib" "$budget" "$verdict" "$out/$image.tar"
    else
        printf 'image-build: %-34s %6s MiB uncompressed  %s\n' "$image" "$mib" "$out/$image.tar"
    fi
done
exit "$status"
