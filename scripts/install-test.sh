#!/usr/bin/env bash
# The operator end to end from its image, installed the way the README says for
# plain Kubernetes: `kubectl apply -k config/default` against the API test
# server (kube-test-server), the webhook and metrics certificates created by
# hand as docs/operator-install.md describes, then the operator's pod run as a kubelet
# would run it: the Deployment's image reference looked up in a local OCI
# layout that holds the built images under their full references (the way a
# node pulls it), its root file system unpacked, the Deployment's command,
# arguments and environment, the service account's token and CA mounted where
# in-cluster clients read them, and the image's numeric user. Then the product
# documents' PFLACPMonitor: the DaemonSet the operator makes names the daemon
# image, which is resolved and run the same way, with only NET_ADMIN and
# NET_RAW, in a network namespace holding the monitored interfaces. Last, the
# daemon's own DaemonSet (config/daemon) and the bond CNI installer's
# (config/bond-cni), the latter run with the node's CNI directory mounted.
# Prints one line per check and "install-test: N passed, N failed".
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
images=${IMAGE_DIR:-$repo/.build/images}
work=$images/install
namespace=pf-status-relay-operator-system
netns=pfsr-install-$$
# shellcheck source=image-settings.sh
. "$repo/scripts/image-settings.sh"
[ "$(id -u)" -eq 0 ] || { echo "install-test: run as root" >&2; exit 2; }
if ! command -v openssl > /dev/null && command -v apt-get > /dev/null; then
    apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl > /dev/null
fi
for tool in kubectl skopeo umoci openssl ip; do
    command -v $tool > /dev/null || { echo "install-test: needs $tool (skopeo and umoci come with make image-build)" >&2; exit 2; }
done

# shellcheck source=check-lib.sh
. "$repo/scripts/check-lib.sh"
pids=() mounts=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null; done
    for dir in "${mounts[@]}"; do umount "$dir" 2> /dev/null; done
    ip netns delete "$netns" 2> /dev/null
}
trap cleanup EXIT
fresh_work_dir
python=$(command -v python3)  # `env -i` below clears PATH

# The server is in the test tooling package (Testing/KubeTestServer), built in its own .build.
swift build --package-path Testing/KubeTestServer --product kube-test-server > "$work/build.log" 2>&1 || { tail "$work/build.log"; exit 1; }
server_binary=$(swift build --package-path Testing/KubeTestServer --show-bin-path)/kube-test-server
token=install-test-$RANDOM$RANDOM
"$server_binary" --kubeconfig "$work/kubeconfig" --ca-file "$work/api-ca.crt" --token "$token" > "$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/kubeconfig" ] && break; sleep 0.1; done
K=(kubectl --kubeconfig "$work/kubeconfig" --cache-dir "$work/kube-cache")
server=$("${K[@]}" config view -o jsonpath='{.clusters[0].cluster.server}')
api_host=${server#https://}; api_port=${api_host##*:}; api_host=${api_host%:*}
echo "install-test: API test server at $server"

# --- install, as the README says -------------------------------------------------
check "kubectl apply -k config/default" "${K[@]}" apply -k config/default
check "the namespace carries the Pod Security labels the daemon needs (privileged)" bash -c \
    "[ \"\$(${K[*]} get namespace $namespace -o jsonpath='{.metadata.labels.pod-security\.kubernetes\.io/enforce}')\" = privileged ]"

# The webhook's and the metrics endpoint's serving certificates, by hand (plain
# Kubernetes without cert-manager), from one CA.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=install-test-ca" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2> /dev/null
# serving_cert SERVICE PREFIX: $work/PREFIX.crt and .key for the Service's DNS names.
serving_cert() {
    local service=$1 prefix=$work/$2
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$service" -keyout "$prefix.key" -out "$prefix.csr" 2> /dev/null
    printf 'subjectAltName=DNS:%s.%s.svc,DNS:%s.%s.svc.cluster.local\n' "$service" "$namespace" "$service" "$namespace" > "$prefix.ext"
    openssl x509 -req -in "$prefix.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
        -extfile "$prefix.ext" -out "$prefix.crt" 2> /dev/null
}
serving_cert pf-status-relay-operator-webhook-service tls
metrics_host=pf-status-relay-operator-metrics-service.$namespace.svc
serving_cert pf-status-relay-operator-metrics-service metrics
# (kubectl create sends protobuf, which the test server does not decode: the
# same object through apply, which sends JSON.)
create_secret() {
    "${K[@]}" -n "$namespace" create secret tls "$1" --cert "$2.crt" --key "$2.key" --dry-run=client -o yaml | "${K[@]}" apply -f -
}
check "webhook certificate secret created" create_secret pf-status-relay-operator-webhook-cert "$work/tls"
check "metrics certificate secret created" create_secret pf-status-relay-operator-metrics-cert "$work/metrics"
check "webhook caBundle set" "${K[@]}" patch validatingwebhookconfiguration pf-status-relay-operator-validating-webhook \
    --type=json -p "[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$(base64 -w0 < "$work/ca.crt")\"}]"

# --- the node's image store: every image under its full reference ---------------
store=$work/registry
for image in pf-status-relay pf-status-relay-operator bond-cni pf-status-relay-operator-bundle; do
    skopeo copy --quiet "oci-archive:$images/$image.tar:v$VERSION" "oci:$store:$REGISTRY/$image:v$VERSION" \
        || { echo "install-test: cannot load $image into $store" >&2; exit 1; }
done
# pull REFERENCE DIR: unpacks the image a pod names, as a node would pull it.
pull() {
    local reference=$1 dir=$2
    umoci unpack --image "$store:$reference" "$dir" > /dev/null || { echo "no image $reference in the node's store"; return 1; }
    mkdir -p "$dir/rootfs/proc"
    mount -t proc proc "$dir/rootfs/proc" && mounts+=("$dir/rootfs/proc")
}

# --- the operator's pod ------------------------------------------------------------
"${K[@]}" -n "$namespace" get deployment pf-status-relay-operator -o json > "$work/deployment.json"
pod() { python3 -c "import json,sys; d=json.load(open('$work/deployment.json')); s=d['spec']['template']['spec']; c=s['containers'][0]; print($1)"; }
operator_image=$(pod 'c["image"]')
check "the Deployment names the operator image of images.env" [ "$operator_image" = "$REGISTRY/pf-status-relay-operator:v$VERSION" ]
check "the operator image resolves in the node's store and unpacks" pull "$operator_image" "$work/operator"
operator_root=$work/operator/rootfs
user=$(python3 -c "import json; print(json.load(open('$work/operator/config.json'))['process']['user']['uid'])")
check "runAsNonRoot holds: the image's user is numeric and not 0 ($user)" \
    bash -c "[ '$(pod 's["securityContext"].get("runAsNonRoot")')' = True ] && [ '$user' -gt 0 ]"
# The service account's files, where in-cluster clients read them: a token of
# the Deployment's ServiceAccount (what the kubelet mounts), so the operator
# runs with the RBAC the install gave it, which the test server enforces.
secrets=$operator_root/var/run/secrets/kubernetes.io/serviceaccount
mkdir -p "$secrets"
account=$(pod 's["serviceAccountName"]')
"${K[@]}" -n "$namespace" create token "$account" --duration=1h > "$work/operator-token" || true
check "a token for the operator's ServiceAccount ($account) from the TokenRequest API" test -s "$work/operator-token"
tr -d '\n' < "$work/operator-token" > "$secrets/token"; cp "$work/api-ca.crt" "$secrets/ca.crt"; printf '%s' "$namespace" > "$secrets/namespace"
# The certificate secrets, read back from the API server, at the Deployment's mount paths.
mount_secret() {
    local volume=$1 secret=$2 dir
    dir=$operator_root$(pod '[m["mountPath"] for m in c["volumeMounts"] if m["name"] == "'"$volume"'"][0]')
    mkdir -p "$dir"
    "${K[@]}" -n "$namespace" get secret "$secret" -o jsonpath='{.data.tls\.crt}' | base64 -d > "$dir/tls.crt"
    "${K[@]}" -n "$namespace" get secret "$secret" -o jsonpath='{.data.tls\.key}' | base64 -d > "$dir/tls.key"
}
mount_secret webhook-cert pf-status-relay-operator-webhook-cert
mount_secret metrics-cert pf-status-relay-operator-metrics-cert
chmod -R a+rX "$operator_root/var" "$operator_root/tmp"
# The container's environment: the Deployment's env (fieldRefs resolved) and the service's address.
environment=(KUBERNETES_SERVICE_HOST="$api_host" KUBERNETES_SERVICE_PORT="$api_port")
while IFS= read -r line; do environment+=("$line"); done < <(pod '"\n".join(e["name"] + "=" + (e["value"] if "value" in e else {"metadata.namespace": "'"$namespace"'"}[e["valueFrom"]["fieldRef"]["fieldPath"]]) for e in c["env"])')
mapfile -t command < <(pod '"\n".join(c.get("command", []) + c.get("args", []))')
echo "install-test: operator pod: ${command[*]}"
env -i "${environment[@]}" "$python" scripts/run-in-pod.py "$operator_root" "$user:$user" - "${command[@]}" > "$work/operator.log" 2>&1 &
pids+=($!)
ready() {
    for _ in $(seq 300); do
        python3 -c 'import urllib.request,sys; sys.exit(0 if urllib.request.urlopen("http://127.0.0.1:8081/readyz", timeout=1).status == 200 else 1)' 2> /dev/null && return 0
        sleep 0.1
    done
    echo "not ready after 30 s"; tail -n 20 "$work/operator.log"; return 1
}
check "the operator pod (image, command, args, env of the Deployment, in-cluster credentials) becomes ready" ready
# scrape [TOKEN]: the HTTP status of GET /metrics on the Deployment's metrics
# port, over TLS verified with the install's CA for the metrics Service's name.
metrics_port=$(pod '[p["containerPort"] for p in c["ports"] if p["name"] == "metrics"][0]')
scrape() {
    python3 - "$work/ca.crt" "$metrics_host" "$metrics_port" "${1:-}" <<'PY'
import socket, ssl, sys
ca, host, port, token = sys.argv[1:]
context = ssl.create_default_context(cafile=ca)
context.verify_flags &= ~ssl.VERIFY_X509_STRICT  # the hand-made CA has no keyUsage (Python 3.13 insists)
auth = f"Authorization: Bearer {token}\r\n" if token else ""
with socket.create_connection(("127.0.0.1", int(port)), timeout=10) as raw, context.wrap_socket(raw, server_hostname=host) as tls:
    tls.sendall(f"GET /metrics HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{auth}\r\n".encode())
    print(tls.recv(64).split(b" ")[1].decode())
PY
}
metrics_need_a_token() {
    local status; status=$(scrape); echo "GET /metrics without a token: $status"; [ "$status" = 401 ]
}
check "/metrics is HTTPS with the metrics Service's certificate and refuses a scrape without a token (401)" metrics_need_a_token
# The API server's admin token (in system:masters) is allowed every URL: the
# operator's TokenReview and SubjectAccessReview, with its service account's
# credentials, let it in.
metrics_for_the_admin() {
    local status; status=$(scrape "$token"); echo "GET /metrics with the admin's token: $status"; [ "$status" = 200 ]
}
check "/metrics answers a token the API server authenticates and authorizes (200)" metrics_for_the_admin

# --- the product documents' PFLACPMonitor ----------------------------------------
"${K[@]}" apply -f - > /dev/null <<'YAML'
apiVersion: v1
kind: Node
metadata:
  name: worker-0
  labels:
    kubernetes.io/hostname: worker-0
YAML
monitor="apiVersion: pfstatusrelay.openshift.io/v1alpha1
kind: PFLACPMonitor
metadata:
  namespace: $namespace
  labels:
    app.kubernetes.io/name: pf-status-relay-operator
  name: pflacpmonitor-worker-0
spec:
  interfaces:
    - ens5f0
    - ens5f1
  pollingInterval: 1000
  nodeSelector:
    kubernetes.io/hostname: worker-0"
check "the PFLACPMonitor of the product documents is accepted (through the webhook)" bash -c "${K[*]} apply -f - <<< '$monitor'"
daemonset=pf-status-relay-ds-pflacpmonitor-worker-0
wait_for_daemonset() {
    for _ in $(seq 200); do
        "${K[@]}" -n "$namespace" get daemonset "$daemonset" -o json > "$work/daemonset.json" 2> /dev/null && return 0
        sleep 0.1
    done
    echo "no DaemonSet after 20 s"; tail -n 20 "$work/operator.log"; return 1
}
check "the operator creates the DaemonSet $daemonset" wait_for_daemonset
ds() { python3 -c "import json; d=json.load(open('$work/daemonset.json')); s=d['spec']['template']['spec']; c=s['containers'][0]; print($1)"; }
daemon_image=$(ds 'c["image"]')
check "the DaemonSet names the daemon image of images.env" [ "$daemon_image" = "$REGISTRY/pf-status-relay:v$VERSION" ]
check "the DaemonSet's pods run as the ServiceAccount the install made" bash -c \
    "[ '$(ds 's["serviceAccountName"]')' = pf-status-relay ] && ${K[*]} -n $namespace get serviceaccount pf-status-relay"
check "a second monitor of the same interfaces on the same node is refused by the webhook" bash -c \
    "! ${K[*]} apply -f - <<< '${monitor/pflacpmonitor-worker-0/pflacpmonitor-again}' 2> '$work/refused.txt'; cat '$work/refused.txt'; grep -q 'denied the request' '$work/refused.txt'"
monitor_ready() {
    for _ in $(seq 200); do
        [ "$("${K[@]}" -n "$namespace" get pflacpmonitor pflacpmonitor-worker-0 -o jsonpath='{.status.nodes.ready}' 2> /dev/null)" = 1 ] && return 0
        sleep 0.1
    done
    "${K[@]}" -n "$namespace" get pflacpmonitor pflacpmonitor-worker-0 -o yaml; return 1
}
check "the monitor reports its node ready" monitor_ready

# --- the daemon's pod ----------------------------------------------------------------
check "the daemon image resolves in the node's store and unpacks" pull "$daemon_image" "$work/daemon"
daemon_caps=$(ds '",".join({"NET_ADMIN": "12", "NET_RAW": "13"}[x] for x in c["securityContext"]["capabilities"]["add"])')
least_capabilities() {
    local drop; drop=$(ds '",".join(c["securityContext"]["capabilities"]["drop"])')
    echo "add: $daemon_caps, drop: $drop"
    [ "$daemon_caps" = 12,13 ] && [ "$drop" = ALL ]
}
check "the DaemonSet adds exactly NET_ADMIN and NET_RAW and drops ALL" least_capabilities
ip netns add "$netns"
ip -n "$netns" link set lo up
for pf in ens5f0 ens5f1; do
    ip -n "$netns" link add "$pf" type veth peer name "${pf}p"
    ip -n "$netns" link set "$pf" up; ip -n "$netns" link set "${pf}p" up
done
mapfile -t daemon_env < <(ds '"\n".join(e["name"] + "=" + e["value"] for e in c["env"])')
ip netns exec "$netns" env -i "${daemon_env[@]}" "$python" scripts/run-in-pod.py "$work/daemon/rootfs" 0:0 "$daemon_caps" \
    /pf-status-relay > "$work/daemon.log" 2>&1 &
daemon_pid=$!
pids+=($daemon_pid)
daemon_runs() {
    for _ in $(seq 100); do
        [ "$(grep -c '"pf is not ready"' "$work/daemon.log")" -ge 2 ] && break
        sleep 0.1
    done
    cat "$work/daemon.log"
    grep -q '"msg":"interfaces to monitor","interfaces":\["ens5f0","ens5f1"\]' "$work/daemon.log" &&
        grep -q '"msg":"pf is not ready","interface":"ens5f0"' "$work/daemon.log" &&
        grep -q '"msg":"pf is not ready","interface":"ens5f1"' "$work/daemon.log"
}
check "the daemon runs with the DaemonSet's environment and looks at both PFs (no bond here: not ready)" daemon_runs
capabilities() {
    local effective; effective=$(awk '/^CapEff/ { print $2 }' "/proc/$daemon_pid/status")
    echo "CapEff $effective"
    [ "$effective" = 0000000000003000 ]
}
check "the daemon holds exactly CAP_NET_ADMIN and CAP_NET_RAW" capabilities
stops() {
    kill -TERM "$daemon_pid"; local status=0; wait "$daemon_pid" || status=$?
    grep -q '"msg":"Stopping application"' "$work/daemon.log" && [ "$status" -eq 0 ]
}
check "the daemon stops on SIGTERM with exit 0" stops

# --- the daemon without the operator: config/daemon ------------------------------------
check "kubectl apply -k config/daemon" "${K[@]}" apply -k config/daemon
"${K[@]}" -n pf-status-relay get daemonset pf-status-relay -o json > "$work/standalone.json"
standalone() { python3 -c "import json; d=json.load(open('$work/standalone.json')); s=d['spec']['template']['spec']; c=s['containers'][0]; print($1)"; }
same_as_operator() {
    local mine operators
    mine=$(standalone 'json.dumps(c["securityContext"], sort_keys=True)')
    operators=$(ds 'json.dumps(c["securityContext"], sort_keys=True)')
    echo "config/daemon: $mine"; echo "operator:      $operators"
    [ "$mine" = "$operators" ] && [ "$(standalone 's["hostNetwork"]')" = True ] &&
        [ "$(standalone 'sorted(e["name"] for e in c["env"])')" = "['PF_STATUS_RELAY_INTERFACES', 'PF_STATUS_RELAY_POLLING_INTERVAL']" ]
}
check "its DaemonSet runs the daemon image of images.env" [ "$(standalone 'c["image"]')" = "$REGISTRY/pf-status-relay:v$VERSION" ]
check "its container's security context is the operator's (no privileged, NET_ADMIN and NET_RAW), host network, the two settings" same_as_operator

# --- the bond CNI installer: config/bond-cni ------------------------------------------------
check "kubectl apply -k config/bond-cni" "${K[@]}" apply -k config/bond-cni
"${K[@]}" -n bond-cni get daemonset bond-cni-installer -o json > "$work/installer.json"
installer() { python3 -c "import json; d=json.load(open('$work/installer.json')); s=d['spec']['template']['spec']; c=s['containers'][0]; print($1)"; }
installer_image=$(installer 'c["image"]')
check "the installer image resolves in the node's store and unpacks" pull "$installer_image" "$work/installer"
# The hostPath volume: a directory standing for the node's /opt/cni/bin, bind-mounted
# at the container's mount path.
node_cni_bin=$work/node/opt/cni/bin
mkdir -p "$node_cni_bin"
echo "an older plugin" > "$node_cni_bin/bond"
mount_path=$(installer '[m["mountPath"] for m in c["volumeMounts"]][0]')
mkdir -p "$work/installer/rootfs$mount_path"
mount --bind "$node_cni_bin" "$work/installer/rootfs$mount_path" && mounts+=("$work/installer/rootfs$mount_path")
mapfile -t installer_command < <(python3 -c "import json; print('\n'.join(json.load(open('$work/installer/config.json'))['process']['args']))")
check "the pod's command is the image's entry point with the DaemonSet's arguments" bash -c     "[ '${installer_command[*]}' = '/bond-cni-installer $(installer '" ".join(c["args"])')' ]"
env -i "$python" scripts/run-in-pod.py "$work/installer/rootfs" "$(installer 'c["securityContext"]["runAsUser"]'):0" - \
    "${installer_command[@]}" > "$work/installer.log" 2>&1 &
installer_pid=$!
pids+=($installer_pid)
installs() {
    for _ in $(seq 200); do cmp -s "$node_cni_bin/bond" "$work/installer/rootfs/bond" && break; sleep 0.1; done
    cat "$work/installer.log"
    cmp "$node_cni_bin/bond" "$work/installer/rootfs/bond" && [ "$(stat -c %a "$node_cni_bin/bond")" = 755 ] &&
        [ "$(ls -A "$node_cni_bin")" = bond ] && kill -0 "$installer_pid"
}
check "with every capability dropped, it replaces the node's plugin (mode 755, nothing left behind) and keeps running" installs
within_limit() {
    local peak limit
    peak=$(awk '/^VmHWM/ { print $2 * 1024 }' "/proc/$installer_pid/status")
    limit=$(installer 'c["resources"]["limits"]["memory"]' | python3 -c 'import sys; v=sys.stdin.read().strip(); print(int(v[:-2]) * {"Ki": 1024, "Mi": 1048576, "Gi": 1073741824}[v[-2:]])')
    echo "peak RSS $peak bytes, limit $limit"
    [ -n "$peak" ] && [ "$peak" -lt "$limit" ]
}
check "its peak memory stays under the DaemonSet's limit" within_limit
node_runs_plugin() {
    local answer
    answer=$(env -i CNI_COMMAND=VERSION "$node_cni_bin/bond" < /dev/null) || return 1
    echo "$answer"
    python3 -c 'import json, sys; v = json.loads(sys.argv[1])["supportedVersions"]; assert v == ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"], v' "$answer"
}
check "the node's copy runs: CNI VERSION answers every version, 0.1.0 to 1.1.0" node_runs_plugin
installer_stops() {
    kill -TERM "$installer_pid"; local status=0; wait "$installer_pid" || status=$?
    echo "exit status $status"; [ "$status" -eq 0 ]
}
check "the installer stops on SIGTERM with exit 0" installer_stops

echo "install-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
