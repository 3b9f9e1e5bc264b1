# Sourced by the image scripts: VERSION, REGISTRY and SOURCE_URL from images.env,
# the project's one source of image names and tags. Values given in the
# environment (make image-build VERSION=...) must agree with it: the bundle and
# the manifests name the images by these values, so an image built under other
# names would not be the one they deploy. `make bundle VERSION=... REGISTRY=...`
# changes them everywhere at once (and checks them: images.env holds only
# values it accepted).
settings_file="$repo/images.env"
[ -r "$settings_file" ] || { echo "image settings: $settings_file is missing" >&2; exit 2; }
file_version=$(sed -n 's/^VERSION=//p' "$settings_file")
file_registry=$(sed -n 's/^REGISTRY=//p' "$settings_file")
file_source=$(sed -n 's/^SOURCE_URL=//p' "$settings_file")
VERSION=${VERSION:-$file_version}
REGISTRY=${REGISTRY:-$file_registry}
SOURCE_URL=${SOURCE_URL:-$file_source}
if [ "$VERSION" != "$file_version" ] || [ "$REGISTRY" != "$file_registry" ]; then
    echo "image settings: VERSION=$VERSION REGISTRY=$REGISTRY differ from images.env ($file_version, $file_registry): run 'make bundle VERSION=$VERSION REGISTRY=$REGISTRY' first, so that the manifests name the images you build" >&2
    exit 2
fi
