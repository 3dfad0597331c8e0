# lib/prefetch/build.mk - the portable prefetch library.
#
# PF_SRCS and PF_INC let other parts (the simulator, the file server, a
# Linux backend) compile it their own way. Two host builds: sanitized for
# tests, optimized for benchmarks.

# STUDENT_SRC=FILE builds the student slot (src/student.c, docs/lab.md) from
# FILE instead, into the file server, the simulator and the host tests: a
# second attempt kept elsewhere, or a test's own predictor. The file it
# names is remembered in $(PF_STUDENT_STAMP), so that changing it rebuilds
# what links it even if the new file is older than the last build.
PF_STUDENT_SLOT := lib/prefetch/src/student.c
STUDENT_SRC     ?= $(PF_STUDENT_SLOT)
PF_STUDENT_STAMP := $(BUILD)/student-src
$(shell mkdir -p $(BUILD); echo "$(STUDENT_SRC)" | cmp -s - $(PF_STUDENT_STAMP) || echo "$(STUDENT_SRC)" > $(PF_STUDENT_STAMP))

PF_OWN_SRCS := $(filter-out $(PF_STUDENT_SLOT),$(wildcard lib/prefetch/src/*.c))
PF_SRCS := $(PF_OWN_SRCS) $(STUDENT_SRC)
PF_INC  := lib/prefetch/include
# model.h, for a student file outside src/ (inside, "model.h" is found anyway)
PF_SRC_INC := lib/prefetch/src
PF_STD  := -std=c99 -pedantic
PF_HDRS := $(wildcard lib/prefetch/src/*.h) $(PF_INC)/prefetch/prefetch.h $(PF_INC)/prefetch/predictors.def

PF_LIB     := $(BUILD)/host/prefetch/libprefetch.a
PF_LIB_OPT := $(BUILD)/host/prefetch/libprefetch-opt.a

$(BUILD)/host/prefetch/san/%.o: lib/prefetch/src/%.c $(PF_HDRS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(PF_STD) -I$(PF_INC) -c $< -o $@

$(BUILD)/host/prefetch/opt/%.o: lib/prefetch/src/%.c $(PF_HDRS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $(PF_STD) -I$(PF_INC) -c $< -o $@

# The student slot, from wherever STUDENT_SRC says.
$(BUILD)/host/prefetch/san/student.o: $(STUDENT_SRC) $(PF_HDRS) $(PF_STUDENT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(PF_STD) -I$(PF_INC) -I$(PF_SRC_INC) -c $< -o $@

$(BUILD)/host/prefetch/opt/student.o: $(STUDENT_SRC) $(PF_HDRS) $(PF_STUDENT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $(PF_STD) -I$(PF_INC) -I$(PF_SRC_INC) -c $< -o $@

PF_OBJ_NAMES := $(patsubst lib/prefetch/src/%.c,%.o,$(PF_OWN_SRCS)) student.o

$(PF_LIB): $(addprefix $(BUILD)/host/prefetch/san/,$(PF_OBJ_NAMES))
	@rm -f $@
	$(Q)ar rcs $@ $^

$(PF_LIB_OPT): $(addprefix $(BUILD)/host/prefetch/opt/,$(PF_OBJ_NAMES))
	@rm -f $@
	$(Q)ar rcs $@ $^
