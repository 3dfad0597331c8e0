# Bower - top-level build.
#
#   make run    build everything and boot Bower in QEMU (leave with Ctrl-A x)
#   make test   build and run every test; ends with "N passed, N failed"
#   make gdb    boot halted under a gdb stub and attach gdb with symbols
#   make bench  run the benchmarks; results under build/bench/
#   make grade  score it like the original lab (file system, llm faults)
#   make profile  learn test_llm's pattern offline, build it into the image
#
# Each part of the tree has a build.mk that adds its own rules and appends
# its host tests to HOST_TESTS; this file only ties them together.

.DEFAULT_GOAL := all
include mk/toolchain.mk
include $(sort $(wildcard */build.mk */*/build.mk */*/*/build.mk))

.PHONY: all deps image run gdb test host-tests bench grade profile clean

deps:
	@tools/deps.sh

image: $(KERNEL_ELF)

all: deps
	@$(MAKE) -s --no-print-directory image host-tests

host-tests: $(HOST_TESTS) $(HOST_TOOLS)

# APPEND="run=hello:a:b" picks what init runs; see README.md. CPU=cortex-a76
# boots a core with PAN and the hardware access flag (default cortex-a72).
# PREDICTOR=KIND is short for APPEND="predictor=KIND ..." (docs/lab.md).
run: deps
	@$(MAKE) -s --no-print-directory image
	@echo "bower: to leave QEMU, press Ctrl-A, then x"
	@tools/qemu.sh $(if $(CPU),--cpu $(CPU)) $(KERNEL_ELF) "$(if $(PREDICTOR),predictor=$(PREDICTOR) )$(APPEND)"

gdb:
	@tools/deps.sh gdb
	@$(MAKE) -s --no-print-directory image
	tools/qemu.sh --gdb $(KERNEL_ELF) "$(APPEND)"

test: deps
	@$(MAKE) -s --no-print-directory all
	@tools/test.sh $(HOST_TESTS)

# Score Bower as the original lab's grader did (also part of make test).
# PREDICTOR=KIND scores that predictor, started cold; TRACE=FILE also writes
# the guest's accesses as a trace for prefetch-sim (docs/lab.md).
grade: deps
	@$(MAKE) -s --no-print-directory image
	@tools/grade.py --kernel $(KERNEL_ELF) $(if $(PREDICTOR),--predictor $(PREDICTOR)) $(if $(TRACE),--trace $(TRACE))

# Learn test_llm's profile offline and build it into the image.
profile: deps
	@$(MAKE) -s --no-print-directory image
	@tools/profile.py

# Benchmarks report numbers under build/bench/; they assert nothing.
bench: bench-prefetch
	@$(MAKE) -s --no-print-directory image
	@tools/bench_llm.py

clean:
	rm -rf $(BUILD)
