# tools/prefetch-sim/build.mk - the prefetch simulator and benchmark.
#
#   make bench-prefetch   every workload x predictor, targets, pictures,
#                         written under build/bench/prefetch/
#   make bench-prefetch-cost  the library's instructions per access, hybrid
#                         and each component on every workload (callgrind),
#                         build/bench/prefetch/cost.txt

# The resident set is the kernel's own (lib/rset): one eviction rule.
SIM_SRCS := $(filter-out tools/prefetch-sim/main.c,$(wildcard tools/prefetch-sim/*.c)) lib/rset/rset.c
SIM_BIN  := $(BUILD)/host/prefetch-sim/prefetch-sim
HOST_TOOLS += $(SIM_BIN)

$(SIM_BIN): $(SIM_SRCS) tools/prefetch-sim/main.c $(wildcard tools/prefetch-sim/*.h) lib/rset/rset.h $(PF_LIB_OPT)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) -D_POSIX_C_SOURCE=200809L -I$(PF_INC) -Ilib/rset \
		$(SIM_SRCS) tools/prefetch-sim/main.c $(PF_LIB_OPT) -o $@

.PHONY: bench-prefetch
bench-prefetch: deps $(SIM_BIN)
	@mkdir -p $(BUILD)/bench/prefetch
	$(SIM_BIN) bench $(BUILD)/bench/prefetch

.PHONY: bench-prefetch-cost
bench-prefetch-cost: deps $(SIM_BIN)
	@tools/deps.sh cost
	@mkdir -p $(BUILD)/bench/prefetch
	tools/prefetch_cost.py $(SIM_BIN) $(BUILD)/bench/prefetch/cost.txt
