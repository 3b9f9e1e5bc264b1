#!/usr/bin/env bash
# `make image-push`: copies the archives of `make image-build` to the registry
# named in images.env (or REGISTRY=..., which must agree with it: run
# `make bundle REGISTRY=...` and `make image-build` first, so that the bundle
# names the images pushed). skopeo uses the credentials of `skopeo login` /
# `podman login` (REGISTRY_AUTH_FILE); SKOPEO_FLAGS adds options, e.g.
# --dest-tls-verify=false for a local test registry.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
images=${IMAGE_DIR:-$repo/.build/images}
# shellcheck source=image-settings.sh
. "$repo/scripts/image-settings.sh"
command -v skopeo > /dev/null || { echo "image-push: needs skopeo (Debian/Ubuntu: apt-get install skopeo)" >&2; exit 2; }
for image in pf-status-relay pf-status-relay-operator bond-cni pf-status-relay-operator-bundle; do
    archive=$images/$image.tar
    [ -f "$archive" ] || { echo "image-push: $archive is missing: run make image-build first" >&2; exit 2; }
    built=$(python3 "$repo/scripts/oci-image.py" "$archive" | python3 -c 'import json,sys; print(json.load(sys.stdin)["refName"])')
    [ "$built" = "v$VERSION" ] || { echo "image-push: $archive was built as $built, not v$VERSION: run make image-build again" >&2; exit 2; }
    echo "image-push: $REGISTRY/$image:v$VERSION"
    # shellcheck disable=SC2086
    skopeo copy ${SKOPEO_FLAGS:-} "oci-archive:$archive:v$VERSION" "docker://$REGISTRY/$image:v$VERSION"
done
