#!/bin/sh
# qemu.sh - boot a Bower kernel image in QEMU with the console on this terminal.
#
# Usage: tools/qemu.sh [--gdb] KERNEL.elf [KERNEL COMMAND LINE]
# Leave QEMU with Ctrl-A then x. With --gdb, QEMU waits for a debugger on
# localhost:1234 and gdb-multiarch (or gdb) is started with the kernel's
# symbols in another process group. The guest's power-off status becomes
# QEMU's exit status (semihosting), so a kernel panic exits non-zero.
set -eu
gdb=0
if [ "${1:-}" = "--gdb" ]; then gdb=1; shift; fi
kernel=$1
cmdline=${2:-}
set -- -M virt -cpu cortex-a72 -m 256M -nographic \
	-semihosting-config enable=on,target=native \
	-kernel "$kernel" ${cmdline:+-append "$cmdline"} ${QEMU_FLAGS:-}
if [ "$gdb" = 1 ]; then
	echo "qemu.sh: QEMU is waiting for gdb on localhost:1234" >&2
	qemu-system-aarch64 "$@" -S -s &
	qemu=$!
	dbg=$(command -v gdb-multiarch || command -v gdb)
	"$dbg" -q "$kernel" -ex "set architecture aarch64" -ex "target remote localhost:1234" || true
	kill "$qemu" 2>/dev/null || true
	exit 0
fi
exec qemu-system-aarch64 "$@"
