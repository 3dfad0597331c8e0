#!/bin/sh
# qemu.sh - boot a Bower kernel image in QEMU with the console on this terminal.
#
# Usage: tools/qemu.sh [--gdb] [--machine M] [--cpu C] [--smp N] [--mem SIZE]
#                      [--initrd FILE] [--disk FILE[,OPTION...]] KERNEL [KERNEL COMMAND LINE]
#                      [-- QEMU ARGS]
#
# This is the one place Bower's QEMU command line is written: make run,
# make gdb, the boot tests, the grader, the benchmarks, the device tree dump
# and tools/deps.sh's boot check all come through here. --machine replaces
# the -M value (default virt), --cpu the -cpu value (default cortex-a76,
# Raspberry Pi 5's core: PAN, and the CPU sets the access flag itself;
# cortex-a72, Pi 4's core, has neither and is tested too); --smp the
# number of CPUs (default $SMP, or 4: Bower starts every CPU the device
# tree lists; docs/smp.md); --mem the
# guest's memory (default 256M); --initrd hands the kernel an initial
# ramdisk (Bower carries its own; `make bench-os` boots Linux on this same
# machine with one); --disk attaches FILE, a raw image, as a virtio block
# device on the modern virtio-mmio transport (Bower's driver speaks no
# other; docs/devices.md), with QEMU's -drive options after the name if
# any (readonly=on; the tests also give blkdebug:CONFIG:FILE names, to
# make the device fail); arguments after -- and $QEMU_FLAGS are added.
#
# The machine has no network card (-nic none): Bower has no network driver,
# and virt's default card needs QEMU's NIC boot ROMs (package ipxe-qemu),
# which a fresh machine does not have. Leave QEMU with Ctrl-A then x. With
# --gdb, QEMU waits for a debugger on localhost:1234 and gdb-multiarch (or
# gdb) is started with the kernel's symbols. The guest's power-off status
# becomes QEMU's exit status (semihosting), so a kernel panic exits non-zero.
set -eu
gdb=0
machine=virt
cpu=cortex-a76
smp=${SMP:-4}
mem=256M
initrd=
disk=
while :; do
	case "${1:-}" in
	--gdb) gdb=1; shift ;;
	--machine) machine=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	*) break ;;
	esac
done
kernel=$1
cmdline=${2:-}
shift $(($# < 2 ? $# : 2))
[ "${1:-}" = "--" ] && shift
set -- -M "$machine" -cpu "$cpu" -smp "$smp" -m "$mem" -nographic -nic none \
	-semihosting-config enable=on,target=native \
	-kernel "$kernel" ${initrd:+-initrd "$initrd"} ${cmdline:+-append "$cmdline"} \
	${disk:+-drive "if=none,format=raw,file=$disk,id=d0" -device virtio-blk-device,drive=d0 \
		-global virtio-mmio.force-legacy=false} \
	${QEMU_FLAGS:-} "$@"
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
