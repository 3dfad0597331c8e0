# lib/prefetch/build.mk - the portable prefetch library.
#
# PF_SRCS and PF_INC let other parts (the simulator, the file server, a
# Linux backend) compile it their own way. Two host builds: sanitized for
# tests, optimized for benchmarks.

PF_SRCS := $(wildcard lib/prefetch/src/*.c)
PF_INC  := lib/prefetch/include
PF_STD  := -std=c99 -pedantic

PF_LIB     := $(BUILD)/host/prefetch/libprefetch.a
PF_LIB_OPT := $(BUILD)/host/prefetch/libprefetch-opt.a

$(BUILD)/host/prefetch/san/%.o: lib/prefetch/src/%.c $(wildcard lib/prefetch/src/*.h) $(PF_INC)/prefetch/prefetch.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(PF_STD) -I$(PF_INC) -c $< -o $@

$(BUILD)/host/prefetch/opt/%.o: lib/prefetch/src/%.c $(wildcard lib/prefetch/src/*.h) $(PF_INC)/prefetch/prefetch.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $(PF_STD) -I$(PF_INC) -c $< -o $@

$(PF_LIB): $(patsubst lib/prefetch/src/%.c,$(BUILD)/host/prefetch/san/%.o,$(PF_SRCS))
	$(Q)ar rcs $@ $^

$(PF_LIB_OPT): $(patsubst lib/prefetch/src/%.c,$(BUILD)/host/prefetch/opt/%.o,$(PF_SRCS))
	$(Q)ar rcs $@ $^
