# Bower - top-level build.
#
#   make run    build everything and boot Bower in QEMU (leave with Ctrl-A x)
#   make test   build and run every test; ends with "N passed, N failed"
#   make test-smp4  the QEMU suite with 4 CPUs (make test boots one, and a set with 4)
#   make stress the long multicore stress boots (docs/smp.md)
#   make gdb    boot halted under a gdb stub and attach gdb with symbols
#   make bench  run the benchmarks; results under build/bench/
#   make bench-os  Bower against Linux in the same QEMU; build/bench/os/
#   make grade  score it like the original lab (file system, llm faults)
#   make profile  learn test_llm's pattern offline, build the profiled image
#   make run PROFILED=1  boot the profiled image (make gdb PROFILED=1 too)
#   make fuzz   the system call fuzzer for long (FUZZ_SEEDS, FUZZ_CALLS, FUZZ_MODE)
#
# Each part of the tree has a build.mk that adds its own rules and appends
# its host tests to HOST_TESTS; this file only ties them together.

.DEFAULT_GOAL := all
include mk/toolchain.mk
include $(sort $(wildcard */build.mk */*/build.mk */*/*/build.mk))
include mk/profiled.mk

.PHONY: all deps image image-profiled no-profile run gdb test test-smp4 stress host-tests bench bench-storage bench-os grade profile fuzz clean

deps:
	@tools/deps.sh

image: $(KERNEL_ELF)

# The profiled image is its own file: building it never changes the default.
image-profiled: $(PROFILED_KERNEL_ELF)

# What run and gdb boot: the default image, or with PROFILED=1 the profiled
# one, which needs a profile learned first.
BOOT_IMAGE := $(if $(PROFILED),image-profiled,image)
BOOT_ELF   := $(if $(PROFILED),$(PROFILED_KERNEL_ELF),$(KERNEL_ELF))
NEED_PROFILE := $(if $(PROFILED),$(if $(wildcard $(PROFILE_DIR)/*.prof),,no-profile))

no-profile:
	@echo "bower: no profile learned yet (run make profile first)"; exit 1

all: deps
	@$(MAKE) -s --no-print-directory image host-tests

host-tests: $(HOST_TESTS) $(HOST_TOOLS)

# APPEND="run=hello:a:b" picks what init runs; see README.md. CPU=cortex-a72
# boots Pi 4's core, without PAN and the hardware access flag (default
# cortex-a76, Pi 5's, which has both).
# PREDICTOR=KIND is short for APPEND="predictor=KIND ..." (docs/lab.md).
# DISK_IMG=file attaches a raw disk image (docs/devices.md); DISK=dir makes
# an ext2 image of a host directory (build/disk.img, made anew each time)
# and attaches that: the guest finds its files at /disk (docs/storage.md).
# SMP=N boots N CPUs (default 4; tools/qemu.sh reads it). MEM=128M sets
# the guest's memory (default 256M). FILES=dir puts a host
# directory's files into the initial file system (dir/a/b is /a/b;
# user/servers/fs/initfiles.c), for run and test alike.
DISK_DIR_IMG := $(BUILD)/disk.img
DISK_FILE = $(if $(DISK),$(DISK_DIR_IMG),$(DISK_IMG))
MACHINE_OPTS = $(if $(CPU),--cpu $(CPU)) $(if $(MEM),--mem $(MEM)) $(if $(DISK_FILE),--disk $(DISK_FILE))
run: deps $(NEED_PROFILE)
	@$(MAKE) -s --no-print-directory $(BOOT_IMAGE)
	$(if $(DISK),@tools/mkdisk.sh $(DISK) $(DISK_DIR_IMG))
	@echo "bower: to leave QEMU, press Ctrl-A, then x"
	@tools/qemu.sh $(MACHINE_OPTS) $(BOOT_ELF) "$(if $(PREDICTOR),predictor=$(PREDICTOR) )$(APPEND)"

gdb: $(NEED_PROFILE)
	@tools/deps.sh gdb
	@$(MAKE) -s --no-print-directory $(BOOT_IMAGE)
	$(if $(DISK),@tools/mkdisk.sh $(DISK) $(DISK_DIR_IMG))
	tools/qemu.sh --gdb $(MACHINE_OPTS) $(BOOT_ELF) "$(APPEND)"

test: deps
	@$(MAKE) -s --no-print-directory all
	@tools/test.sh $(HOST_TESTS)

# Every QEMU test with 4 CPUs (make test runs the suite with one, and a
# chosen set with 4; docs/smp.md lists what still fails with 4).
test-smp4: deps
	@$(MAKE) -s --no-print-directory image
	@tests/qemu/run.py --smp 4

# Boot after boot of programs faulting files, calling each other and dying
# on every CPU at once (tests/qemu/run.py's LONG_TESTS; SMP=N for another
# count than 4).
stress: deps
	@$(MAKE) -s --no-print-directory image
	@tests/qemu/run.py --long

# Score Bower as the original lab's grader did (also part of make test).
# PREDICTOR=KIND scores that predictor, started cold; TRACE=FILE also writes
# the guest's accesses as a trace for prefetch-sim (docs/lab.md).
grade: deps
	@$(MAKE) -s --no-print-directory image
	@tools/grade.py --kernel $(KERNEL_ELF) $(if $(PREDICTOR),--predictor $(PREDICTOR)) $(if $(TRACE),--trace $(TRACE))

# Learn test_llm's profile offline on the default image and build the
# profiled image from it (boot it with make run PROFILED=1).
profile: deps
	@$(MAKE) -s --no-print-directory image
	@tools/profile.py

# Benchmarks report numbers under build/bench/; they assert nothing.
# The profiled column is made from this build's profile: one made by an
# older file server or library would measure that one's model.
bench: bench-prefetch profile
	@tools/deps.sh bench-os
	@$(MAKE) -s --no-print-directory image-profiled
	@tools/bench_llm.py
	@tools/bench_smp.py
	@CROSS=$(CROSS) tools/bench_storage.py

# A sparse LLM's 512 MiB of weights on a throttled disk in a 128 MiB guest,
# on Bower and on make bench-os's Linux guest, which needs what bench-os
# needs (also the last part of make bench): build/bench/storage.txt.
bench-storage: deps
	@tools/deps.sh bench-os
	@$(MAKE) -s --no-print-directory image
	@CROSS=$(CROSS) tools/bench_storage.py

# Bower against Linux (Debian's arm64 kernel, fetched once into
# build/linux-guest/) in the same machine: not part of make test, as it
# downloads. Its extra needs (glibc's static arm64 libraries) are checked
# here, so make test does not need them.
bench-os: deps
	@tools/deps.sh bench-os
	@$(MAKE) -s --no-print-directory image
	@CROSS=$(CROSS) tools/bench_os.py

# The system call fuzzer, one boot per seed under a time limit: 10 seeds of
# 100,000 calls by default, in hostile mode (docs/syscalls.md). Fails on a
# panic, a hang, a wrong answer or lost pages.
FUZZ_SEEDS ?= 1-10
FUZZ_CALLS ?= 100000
FUZZ_MODE ?= hostile
FUZZ_TIMEOUT ?= 300
fuzz: deps
	@$(MAKE) -s --no-print-directory image
	@tools/fuzz.py --seeds $(FUZZ_SEEDS) --calls $(FUZZ_CALLS) --mode $(FUZZ_MODE) \
		--timeout $(FUZZ_TIMEOUT)

clean:
	rm -rf $(BUILD)
