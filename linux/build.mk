# linux/build.mk - Bower's pager for Linux programs (docs/linux.md).
#
#   make linux        build/linux/bower-pager, libbower-pager.so (preloaded
#                     into the program) and libbower-pager.a (bp_map & co.)
#   make bench-linux  the measurements of docs/linux.md (root: a memory cgroup)
#
# The pager's own code, the prefetch library and lib/rset are compiled
# twice: position-independent and optimized for the preloaded library, and
# under the sanitizers for the tests, which link the static API.

BPL_DIR  := $(BUILD)/linux
BPL_CORE := settings uffd budget io region fault writeback identity models stats start
BPL_HDRS := $(wildcard linux/src/*.h) linux/include/bower/pager.h $(PF_HDRS) lib/rset/rset.h
BPL_CFLAGS := -std=c11 -pthread -Ilinux/src -Ilinux/include -I$(PF_INC) -Ilib/rset
BPL_PIC := -O2 -g -Wall -Wextra -Werror -fPIC -fvisibility=hidden

BPL_SO   := $(BPL_DIR)/libbower-pager.so
BPL_A    := $(BPL_DIR)/libbower-pager.a
BPL_A_SAN := $(BPL_DIR)/san/libbower-pager.a
BPL_LAUNCHER := $(BPL_DIR)/bower-pager

BPL_PF_OBJS := $(addprefix $(BPL_DIR)/pic/pf/,$(PF_OBJ_NAMES)) $(BPL_DIR)/pic/rset.o
BPL_PIC_OBJS := $(addprefix $(BPL_DIR)/pic/,$(addsuffix .o,$(BPL_CORE))) $(BPL_PF_OBJS)
BPL_SAN_OBJS := $(addprefix $(BPL_DIR)/san/,$(addsuffix .o,$(BPL_CORE))) \
		$(addprefix $(BPL_DIR)/san/pf/,$(PF_OBJ_NAMES)) $(BPL_DIR)/san/rset.o

$(BPL_DIR)/pic/%.o: linux/src/%.c $(BPL_HDRS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(BPL_PIC) $(BPL_CFLAGS) -c $< -o $@

$(BPL_DIR)/pic/pf/%.o: lib/prefetch/src/%.c $(PF_HDRS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(BPL_PIC) $(PF_STD) -I$(PF_INC) -I$(PF_SRC_INC) -c $< -o $@

$(BPL_DIR)/pic/pf/student.o: $(STUDENT_SRC) $(PF_HDRS) $(PF_STUDENT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(BPL_PIC) $(PF_STD) -I$(PF_INC) -I$(PF_SRC_INC) -c $< -o $@

$(BPL_DIR)/pic/rset.o: lib/rset/rset.c lib/rset/rset.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(BPL_PIC) -std=c99 -Ilib/rset -c $< -o $@

$(BPL_DIR)/san/%.o: linux/src/%.c $(BPL_HDRS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(BPL_CFLAGS) -c $< -o $@

$(BPL_DIR)/san/pf/%.o: $(BUILD)/host/prefetch/san/%.o
	@mkdir -p $(@D)
	$(Q)cp $< $@

$(BPL_DIR)/san/rset.o: lib/rset/rset.c lib/rset/rset.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Ilib/rset -c $< -o $@

$(BPL_SO): $(BPL_PIC_OBJS) $(BPL_DIR)/pic/interpose.o linux/src/exports.map
	@echo "  LD      $@"
	$(Q)$(HOSTCC) -shared -pthread -Wl,--version-script=linux/src/exports.map \
		$(BPL_PIC_OBJS) $(BPL_DIR)/pic/interpose.o -o $@

$(BPL_A): $(BPL_PIC_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BPL_A_SAN): $(BPL_SAN_OBJS)
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BPL_LAUNCHER): linux/src/launcher.c $(BPL_DIR)/pic/settings.o $(PF_LIB_OPT) $(BPL_HDRS)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $(BPL_CFLAGS) linux/src/launcher.c \
		$(BPL_DIR)/pic/settings.o $(PF_LIB_OPT) -o $@

.PHONY: linux bench-linux
linux: $(BPL_SO) $(BPL_A) $(BPL_LAUNCHER)

HOST_TOOLS += $(BPL_SO) $(BPL_A) $(BPL_LAUNCHER)

include linux/tests/tests.mk

# The benchmark's programs: llmread (the workloads) and roundtrip (the
# pager's fault round trip, from the page cache).
BPL_BENCH := $(BPL_DIR)/bench
$(BPL_BENCH)/llmread: linux/bench/llmread.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $< -o $@

$(BPL_BENCH)/roundtrip: linux/bench/roundtrip.c $(BPL_A)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $(BPL_CFLAGS) $< $(BPL_A) -o $@

bench-linux: deps linux $(BPL_BENCH)/llmread $(BPL_BENCH)/roundtrip
	@linux/bench/bench.py --build $(BUILD)
