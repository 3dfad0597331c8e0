#!/bin/sh
# deps.sh - make sure the host has what Bower's build and tests need.
#
# Checks for each tool (e2fsprogs' mke2fs makes the ext2 disk images);
# when something is missing it installs the Debian packages if running as
# root, and otherwise prints the exact command to run and fails. Called by every top-level make target, so on a fresh Debian
# machine `make run` and `make test` are the whole set-up. `deps.sh gdb`
# also checks for gdb-multiarch (for `make gdb`), `deps.sh bench-os` for
# glibc's static arm64 libraries (`make bench-os` and `make bench-storage`
# build their programs for Linux too) and dpkg-deb (they unpack the Linux
# guest), `deps.sh cost` for
# valgrind (`make bench-prefetch-cost` counts the prefetch library's
# instructions with callgrind).
set -eu

missing=""
need() { # need COMMAND-OR-PATH PACKAGE
	case "$1" in
	/*) [ -e "$1" ] || missing="$missing $2" ;;
	*) command -v "$1" >/dev/null 2>&1 || missing="$missing $2" ;;
	esac
}

need qemu-system-aarch64 qemu-system-arm
need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
need aarch64-linux-gnu-objcopy binutils-aarch64-linux-gnu
need /usr/lib/picolibc/aarch64-linux-gnu/picolibc.specs picolibc-aarch64-linux-gnu
need cpio cpio
need /sbin/mke2fs e2fsprogs
need python3 python3
need gcc gcc
need make make
need gnuplot gnuplot-nox
need clang clang
need /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
[ "${1:-}" = gdb ] && need gdb-multiarch gdb-multiarch
[ "${1:-}" = cost ] && need valgrind valgrind
if [ "${1:-}" = bench-os ]; then
	need /usr/aarch64-linux-gnu/lib/libc.a libc6-dev-arm64-cross
	need dpkg-deb dpkg
fi

# Finding the commands is not enough: boot the machine Bower boots on, with
# tools/qemu.sh's own command line, running three instructions that ask
# PSCI to power off. A QEMU that lacks a ROM or a device it needs fails here
# with its own message, before anything is built.
boot_check() {
	probe=$(mktemp)
	# movz w0, #8; movk w0, #0x8400, lsl #16 (PSCI SYSTEM_OFF); hvc #0
	printf '\000\001\200\122\000\200\260\162\002\000\000\324' >"$probe"
	if ! out=$(timeout 30 "$(dirname "$0")/qemu.sh" "$probe" 2>&1 </dev/null); then
		rm -f "$probe"
		echo "deps: QEMU cannot boot Bower's machine: $out" >&2
		exit 1
	fi
	rm -f "$probe"
}

if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing:$missing" >&2
		echo "deps: run: sudo apt-get update && sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
fi
boot_check
