#!/bin/sh
# linux_guest.sh - fetch the Linux guest that `make bench-os` and `make
# bench-storage` compare Bower with: Debian's arm64 kernel and static
# busybox, from Debian's archive.
#
# Usage: tools/linux_guest.sh DIR
#
# Leaves DIR/vmlinuz and DIR/busybox, the .debs they came from in
# DIR/debs (the kernel's also holds its modules, which the storage guest
# takes from it) and their names and versions in DIR/packages, and does nothing
# if all three are there already. apt runs with a state, cache and source
# list of its own under DIR/apt, and with arm64 as its only architecture,
# so the machine's own package setup (its architectures, its lists, its
# cache) is left as it was; only the host's apt.conf.d is read, for proxies
# and the like. The release is the host's (VERSION_CODENAME in
# /etc/os-release; bookworm: Linux 6.1) and the mirror $DEBIAN_MIRROR
# (default http://deb.debian.org).
set -eu
mkdir -p "$1"
dir=$(realpath "$1")
[ -s "$dir/vmlinuz" ] && [ -x "$dir/busybox" ] && [ -s "$dir/packages" ] && exit 0

release=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
release=${release:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org}
apt=$dir/apt
mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial" "$apt/sources.d" "$dir/debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat >"$apt/sources.list" <<EOF
deb [arch=arm64 signed-by=$keyring] $mirror/debian $release main
deb [arch=arm64 signed-by=$keyring] $mirror/debian $release-updates main
deb [arch=arm64 signed-by=$keyring] $mirror/debian-security $release-security main
EOF
: >"$apt/status"

# Every apt call sees only this private state, its locks included; no
# sandbox user, as the files are in the build directory, not apt's.
private_apt() {
	"$@" -q -o Dir::State="$apt/state" -o Dir::State::status="$apt/status" \
		-o Dir::Cache="$apt/cache" -o Dir::Etc::SourceList="$apt/sources.list" \
		-o Dir::Etc::SourceParts="$apt/sources.d" \
		-o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
		-o APT::Sandbox::User=root
}

echo "linux_guest: fetching Debian $release's arm64 package lists (private state in $apt)" >&2
private_apt apt-get update >&2
# linux-image-arm64 is a metapackage; the kernel is in the package it
# depends on (linux-image-6.1.0-N-arm64).
image=$(private_apt apt-cache depends linux-image-arm64 |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-arm64\)$/\1/p' | head -n 1)
[ -n "$image" ] || { echo "linux_guest: no kernel package behind linux-image-arm64" >&2; exit 1; }
echo "linux_guest: downloading $image and busybox-static (arm64)" >&2
rm -f "$dir"/debs/*.deb
(cd "$dir/debs" && private_apt apt-get download "$image:arm64" busybox-static:arm64) >&2

rm -rf "$dir/x" && mkdir "$dir/x"
: >"$dir/packages.new"
for deb in "$dir"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dir/x"
	dpkg-deb -W --showformat '${Package} ${Version}\n' "$deb" >>"$dir/packages.new"
done
cp "$(ls "$dir"/x/boot/vmlinuz-* | head -n 1)" "$dir/vmlinuz"
cp "$dir/x/bin/busybox" "$dir/busybox"
rm -rf "$dir/x"
mv "$dir/packages.new" "$dir/packages"
echo "linux_guest: $dir/vmlinuz ($image), $dir/busybox" >&2
