#!/usr/bin/env bash
# Builds the lab: a Debian 6.12 kernel with bonding, an out-of-tree netdevsim
# that reports full duplex (so bonding runs LACP on it) and lets user space set
# a port's carrier (the lab's VF stand-ins), and a small initramfs
# (busybox, bash, iproute2, jq, ping, setpriv, the CNI plugins host-local,
# static and tuning in /opt/cni/bin, the modules), plus lab/cni-driver (a
# runtime driving CNI plugins through libcni) built statically as
# /usr/local/bin/cni-driver. Everything comes from Debian packages (the
# driver from golang-go and golang-github-appc-cni-dev, offline, in GOPATH
# mode); downloads and outputs are cached in $LAB_CACHE, outside the repo.
#
#   lab/build.sh            # prints the output folder on its last line
#
# Idempotent: a finished build is reused as long as its inputs (this script,
# guest-init.sh, the netdevsim patch, the driver's Go source) are unchanged;
# delete $LAB_CACHE to start over.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${LAB_CACHE:-/var/cache/pfsr-lab}
mkdir -p "$cache/debs"

# Where Debian's golang-github-appc-cni-dev puts libcni (GOPATH layout).
gocode=/usr/share/gocode
libcni_source=$gocode/src/github.com/containernetworking/cni

log() { printf 'lab: %s\n' "$*" >&2; }
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR

install_host_tools() {
    local missing=()
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    command -v depmod >/dev/null || missing+=(kmod)
    command -v jq >/dev/null || missing+=(jq)
    command -v ip >/dev/null || missing+=(iproute2)
    command -v xz >/dev/null || missing+=(xz-utils)
    command -v cpio >/dev/null || missing+=(cpio)
    command -v make >/dev/null || missing+=(make)
    command -v gcc >/dev/null || missing+=(gcc)
    command -v patch >/dev/null || missing+=(patch)
    command -v ping >/dev/null || missing+=(iputils-ping)
    command -v setpriv >/dev/null || missing+=(util-linux)
    [ -x /usr/lib/cni/host-local ] && [ -x /usr/lib/cni/static ] && [ -x /usr/lib/cni/tuning ] \
        || missing+=(containernetworking-plugins)
    command -v go >/dev/null || missing+=(golang-go)
    [ -d "$libcni_source/libcni" ] || missing+=(golang-github-appc-cni-dev)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    fi
}

# The kernel ABI to use: the one linux-source-6.12 is for, so the netdevsim
# sources match the kernel exactly (e.g. 6.12.117-1~deb12u1 -> 6.12.117+deb12).
pick_abi() {
    local version
    version=$(apt-cache policy linux-source-6.12 | awk '/Candidate:/ {print $2}')
    if [ -z "$version" ] || [ "$version" = "(none)" ]; then
        apt-get update -q >&2
        version=$(apt-cache policy linux-source-6.12 | awk '/Candidate:/ {print $2}')
    fi
    [ -n "$version" ] && [ "$version" != "(none)" ] || { log "linux-source-6.12 is not available from apt"; exit 1; }
    echo "${version%%-*}+deb12"
}

download() {
    local abi=$1
    local packages=(
        "linux-image-$abi-amd64-unsigned" "linux-headers-$abi-amd64" "linux-headers-$abi-common"
        "linux-kbuild-$abi" linux-source-6.12 busybox-static
    )
    local wanted=()
    for p in "${packages[@]}"; do
        compgen -G "$cache/debs/${p}_*.deb" >/dev/null || wanted+=("$p")
    done
    if [ ${#wanted[@]} -gt 0 ]; then
        log "downloading ${wanted[*]}"
        (cd "$cache/debs" && apt-get download "${wanted[@]}" >&2 2>/dev/null) || {
            apt-get update -q >&2
            (cd "$cache/debs" && apt-get download "${wanted[@]}" >&2)
        }
    fi
}

abi=$(pick_abi)
kver="$abi-amd64"
out="$cache/build-$abi"
# What goes into the build: a changed script, init, patch or driver rebuilds it.
key=$(cat "$here/build.sh" "$here/guest-init.sh" "$here/netdevsim-lab.patch" "$here"/cni-driver/*.go | sha256sum | cut -d' ' -f1)
if [ -f "$out/.done" ] && [ "$(cat "$out/.done")" = "$key" ]; then
    log "using the lab built in $out"
    echo "$out"
    exit 0
fi
[ ! -d "$out" ] || log "the lab's inputs changed since $out was built: rebuilding it"

install_host_tools
download "$abi"
rm -rf "$out"
mkdir -p "$out"
root="$out/debroot"
mkdir -p "$root"

log "unpacking kernel, headers, kbuild, busybox"
for deb in "$cache"/debs/linux-image-"$abi"-amd64-unsigned_*.deb "$cache"/debs/linux-headers-"$abi"-*.deb \
           "$cache"/debs/linux-kbuild-"$abi"_*.deb "$cache"/debs/busybox-static_*.deb; do
    dpkg-deb -x "$deb" "$root"
done

log "extracting netdevsim and extract-vmlinux from linux-source-6.12"
dpkg-deb --fsys-tarfile "$cache"/debs/linux-source-6.12_*.deb \
    | tar -xO ./usr/src/linux-source-6.12.tar.xz \
    | tar -xJ -C "$out" --wildcards 'linux-source-6.12/drivers/net/netdevsim/*' 'linux-source-6.12/scripts/extract-vmlinux'

log "building netdevsim (lab patch: full duplex, settable carrier)"
headers="$root/usr/src/linux-headers-$kver"
# The arch headers include the common ones by absolute path; point it into our tree.
sed -i "s|include /usr/src/linux-headers-$abi-common/Makefile|include $root/usr/src/linux-headers-$abi-common/Makefile|" "$headers/Makefile"
cp -r "$out/linux-source-6.12/drivers/net/netdevsim" "$out/netdevsim"
(cd "$out/netdevsim" && patch -p4 < "$here/netdevsim-lab.patch" >&2)
make -C "$headers" M="$out/netdevsim" CONFIG_NETDEVSIM=m CONFIG_DEBUG_INFO_BTF_MODULES= modules -j"$(nproc)" >&2
mkdir -p "$root/lib/modules/$kver/extra"
cp "$out/netdevsim/netdevsim.ko" "$root/lib/modules/$kver/extra/"
depmod -b "$root" "$kver"

log "extracting the uncompressed kernel (PVH boot is faster than bzImage under TCG)"
bash "$out/linux-source-6.12/scripts/extract-vmlinux" "$root/boot/vmlinuz-$kver" > "$out/vmlinux" 2>/dev/null || true
if ! [ -s "$out/vmlinux" ]; then cp "$root/boot/vmlinuz-$kver" "$out/vmlinux"; fi

log "assembling the initramfs"
initrd="$out/initramfs"
mkdir -p "$initrd"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,proc,sys,dev,run,tmp,mnt/repo,mnt/out,etc,var}
cp "$root/bin/busybox" "$initrd/bin/busybox"
copy_with_libs() {
    local binary=$1 destination=$2
    cp -L "$binary" "$initrd$destination"
    ldd "$binary" | awk '/=>/ {print $3} /^\s*\/lib/ {print $1}' | while read -r lib; do
        [ -n "$lib" ] && [ -f "$lib" ] || continue
        mkdir -p "$initrd$(dirname "$lib")"
        cp -Ln "$lib" "$initrd$lib"
    done
}
copy_with_libs "$(command -v bash)" /bin/bash
copy_with_libs "$(command -v ip)" /sbin/ip
copy_with_libs "$(command -v tc)" /sbin/tc
copy_with_libs "$(command -v jq)" /usr/bin/jq
# The pod's traffic (ping -D -i 0.002) and the daemon run with the DaemonSet's
# capabilities only (setpriv).
copy_with_libs "$(command -v ping)" /usr/bin/ping
copy_with_libs "$(command -v setpriv)" /usr/bin/setpriv
# The IPAM plugins the bond CNI plugin delegates to (Go, linked against glibc).
mkdir -p "$initrd/opt/cni/bin"
copy_with_libs /usr/lib/cni/host-local /opt/cni/bin/host-local
copy_with_libs /usr/lib/cni/static /opt/cni/bin/static
# A plugin to chain after the bond in a configuration list (Debian's 1.1.1).
copy_with_libs /usr/lib/cni/tuning /opt/cni/bin/tuning
# The runtime side: lab/cni-driver over libcni, static (no libraries), built
# offline in GOPATH mode against Debian's copy of libcni.
log "building lab/cni-driver against libcni $(dpkg-query -W -f='${Version}' golang-github-appc-cni-dev)"
mkdir -p "$initrd/usr/local/bin" "$out/gopath"
(cd "$here" && CGO_ENABLED=0 GO111MODULE=off GOFLAGS='' GOPATH="$out/gopath:$gocode" GOCACHE="$cache/go-build" \
    go build -trimpath -o "$initrd/usr/local/bin/cni-driver" ./cni-driver >&2)
rm -rf "$out/gopath"
# What a Swift binary linked with --static-swift-stdlib still needs.
for lib in libstdc++.so.6 libgcc_s.so.1 libm.so.6 libc.so.6; do
    # awk reads to the end: exiting early would kill ldconfig with SIGPIPE,
    # which pipefail turns into a failure once the cache is large.
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ && !found {print $NF; found = 1}')
    [ -n "$path" ] || { log "cannot find $lib"; exit 1; }
    mkdir -p "$initrd$(dirname "$path")"
    cp -Ln "$path" "$initrd$path"
done
mkdir -p "$initrd/lib64"
cp -Ln /lib64/ld-linux-x86-64.so.2 "$initrd/lib64/"
# iproute2 reads these for names of protocols and tables.
mkdir -p "$initrd/etc/iproute2" "$initrd/usr/share/iproute2"
cp -r /usr/share/iproute2/. "$initrd/usr/share/iproute2/" 2>/dev/null || true
echo "root:x:0:0:root:/root:/bin/bash" > "$initrd/etc/passwd"

modules=(bonding netdevsim veth bridge sch_ingress sch_netem cls_matchall act_gact 9pnet_virtio 9p)
: > "$initrd/etc/modules.order"
for module in "${modules[@]}"; do
    modprobe -d "$root" -S "$kver" --show-depends "$module" | awk '$1 == "insmod" {print $2}' | while read -r ko; do
        name=$(basename "$ko"); name=${name%.xz}
        if ! grep -qx "/lib/modules/$name" "$initrd/etc/modules.order"; then
            mkdir -p "$initrd/lib/modules"
            case "$ko" in
                *.xz) xz -dc "$ko" > "$initrd/lib/modules/$name" ;;
                *) cp "$ko" "$initrd/lib/modules/$name" ;;
            esac
            echo "/lib/modules/$name" >> "$initrd/etc/modules.order"
        fi
    done
done
cp "$here/guest-init.sh" "$initrd/init"
chmod +x "$initrd/init"
(cd "$initrd" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) > "$out/initramfs.cpio.gz"

rm -rf "$root" "$out/linux-source-6.12" "$initrd"
echo "$key" > "$out/.done"
log "built $out ($(du -h "$out/initramfs.cpio.gz" | cut -f1) initramfs)"
echo "$out"
