# The PF Status Relay Operator's OLM bundle image (registry+v1).
# Build from the repository root:
#   docker build -f bundle.Dockerfile -t quay.io/openshift/pf-status-relay-operator-bundle:v0.1.0 .
# The labels repeat bundle/metadata/annotations.yaml (make manifests-check).
FROM scratch

LABEL operators.operatorframework.io.bundle.mediatype.v1=registry+v1
LABEL operators.operatorframework.io.bundle.manifests.v1=manifests/
LABEL operators.operatorframework.io.bundle.metadata.v1=metadata/
LABEL operators.operatorframework.io.bundle.package.v1=pf-status-relay-operator
LABEL operators.operatorframework.io.bundle.channels.v1=stable
LABEL operators.operatorframework.io.bundle.channel.default.v1=stable

COPY bundle/manifests /manifests/
COPY bundle/metadata /metadata/
