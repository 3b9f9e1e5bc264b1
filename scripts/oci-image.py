#!/usr/bin/env python3
"""Reads an OCI image archive (as `buildah push ... oci-archive:FILE:REF` writes
it) and prints what the image tests and the build's size report need, as JSON:
the ref name, the image config's User, Entrypoint, Cmd and Labels, the
uncompressed size of its layers, and the archive's own size.

Standard library only, so it runs before any virtual environment exists.

    scripts/oci-image.py ARCHIVE
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tarfile


def blob(archive: tarfile.TarFile, digest: str) -> bytes:
    algorithm, value = digest.split(":", 1)
    member = archive.extractfile(f"blobs/{algorithm}/{value}")
    if member is None:
        raise ValueError(f"blob {digest} missing from the archive")
    return member.read()


def summarize(path: str) -> dict:
    with tarfile.open(path) as archive:
        index = json.loads(archive.extractfile("index.json").read())
        if len(index.get("manifests", [])) != 1:
            raise ValueError(f"{path}: expected one manifest, found {len(index.get('manifests', []))}")
        descriptor = index["manifests"][0]
        manifest = json.loads(blob(archive, descriptor["digest"]))
        config = json.loads(blob(archive, manifest["config"]["digest"]))
        uncompressed = 0
        for layer in manifest["layers"]:
            data = blob(archive, layer["digest"])
            if layer["mediaType"].endswith("+gzip"):
                data = gzip.decompress(data)
            uncompressed += len(data)
    settings = config.get("config", {})
    return {
        "refName": descriptor.get("annotations", {}).get("org.opencontainers.image.ref.name"),
        "user": settings.get("User", ""),
        "entrypoint": settings.get("Entrypoint"),
        "cmd": settings.get("Cmd"),
        "labels": settings.get("Labels", {}),
        "architecture": config.get("architecture"),
        "os": config.get("os"),
        "layers": len(manifest["layers"]),
        "uncompressedBytes": uncompressed,
        "archiveBytes": os.path.getsize(path),
    }


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: oci-image.py ARCHIVE", file=sys.stderr)
        return 2
    try:
        print(json.dumps(summarize(sys.argv[1]), indent=2, sort_keys=True))
    except (OSError, KeyError, ValueError, tarfile.TarError) as error:
        print(f"oci-image: {sys.argv[1]}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
