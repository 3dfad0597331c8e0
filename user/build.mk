# user/build.mk - user programs and the initial ramdisk that carries them.
#
# Programs are linked with picolibc (Debian's picolibc-aarch64-linux-gnu)
# and Bower's OS layer (user/libc-os). To add a program, drop NAME.c into
# user/apps/ (or user/tests/ for test programs): it is built and put in the
# ramdisk as NAME. A program of several files is a directory,
# user/servers/NAME/, all of whose .c files make the program NAME. Programs
# from outside the tree: make run APPS=path/to/dir builds every .c file
# there as a program of its own.

USER_BIN   := $(BUILD)/user/bin
APPS       ?=

USER_PROGS := $(wildcard user/apps/*.c user/tests/*.c) $(if $(APPS),$(wildcard $(APPS)/*.c))
USER_SERVERS := $(notdir $(patsubst %/,%,$(dir $(wildcard user/servers/*/*.c))))
USER_SERVERS := $(sort $(USER_SERVERS))
USER_BINS  := $(foreach p,$(USER_PROGS),$(USER_BIN)/$(basename $(notdir $(p)))) \
              $(foreach s,$(USER_SERVERS),$(USER_BIN)/$(s))

# Atomics are compiled inline (load/store-exclusive): the default calls out
# to helpers that pick the ARMv8.1 instructions at run time, through the
# auxiliary vector, in every program that takes a lock. The _POSIX_* macros
# say what the C library has: its timers and clocks, threads (pthread*.c),
# semaphores and shared memory objects (shm.c), as POSIX programs ask.
# The cross compiler is Linux's and says __linux__ even here; a program
# built for both systems (user/tests/osbench.c) tells them apart by
# __bower__. picolibc declares clock_gettime and CLOCK_MONOTONIC only on
# platforms that say they have POSIX timers; Bower does (user/libc-os/time.c).
# picolibc's release build: its default one is built for size, and copies
# and clears memory a byte at a time (a 4 KiB memcpy, 20,000 instructions;
# the release build's, the Arm optimized routines, a few hundred), which
# every file read and write through the file server paid twice.
# Only picolibc's headers, the compiler's own and Bower's are seen: not the
# cross glibc's or the build machine's, which the compiler would otherwise
# search after picolibc's, so that a header picolibc lacks (pthread.h)
# would be found there and fail in confusing ways instead of being missing.
# (Asked of the compiler once, when first needed: a fresh machine runs make
# before tools/deps.sh has installed it.)
TCC_INCLUDE = $(eval TCC_INCLUDE := $$(shell $(TCC) -print-file-name=include))$(TCC_INCLUDE)
USER_INCLUDES = -nostdinc -isystem /usr/lib/picolibc/$(CROSS:%-=%)/include -isystem $(TCC_INCLUDE)
USER_CFLAGS = -specs=picolibc.specs --picolibc-buildtype=release -std=gnu11 -O2 -g $(TARGET_WARN) -mcpu=cortex-a72 -D__bower__ \
               -mno-outline-atomics \
               $(USER_INCLUDES) \
               -D_POSIX_TIMERS=200809L -D_POSIX_MONOTONIC_CLOCK=200112L -D_POSIX_CLOCK_SELECTION=200809L \
               -D_POSIX_THREADS=200809L -D_POSIX_THREAD_SAFE_FUNCTIONS=200809L -D_POSIX_TIMEOUTS=200809L \
               -D_POSIX_SEMAPHORES=200809L -D_POSIX_SPIN_LOCKS=200809L -D_POSIX_BARRIERS=200809L \
               -D_POSIX_READER_WRITER_LOCKS=200809L -D_POSIX_SHARED_MEMORY_OBJECTS=200809L \
               -D_POSIX_MAPPED_FILES=200809L -D_POSIX_MEMORY_PROTECTION=200809L \
               -D_POSIX_REALTIME_SIGNALS=200809L -D_POSIX_CPUTIME=200809L -D_POSIX_THREAD_CPUTIME=200809L \
               -fno-pie -Iinclude -I$(GEN) -Iuser/libc-os/include -I$(PF_INC) \
               -Iuser/servers/fs -MMD -MP
# What a user program is compiled with, for tools that compile one apart
# (tests/outside/outside.py): make -s user-cflags.
.PHONY: user-cflags
user-cflags:
	@echo $(TCC) $(USER_CFLAGS)

USER_LDFLAGS := -nostartfiles -static -no-pie -T user/user.ld -Wl,-z,max-page-size=4096 \
                -Wl,--build-id=none

LIBOS_SRCS := $(filter-out user/libc-os/lock.c user/libc-os/signal.c user/libc-os/heap.c,$(wildcard user/libc-os/*.c)) \
              $(wildcard user/libc-os/*.S) $(GEN)/usys.S
LIBOS_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(LIBOS_SRCS:$(BUILD)/%=%))
LIBOS      := $(BUILD)/user/libbower-os.a
# What replaces picolibc's own is linked as objects ahead of the libraries,
# since picolibc comes first in the link group: its locks (lock.c), whose
# dummies are in the same library as malloc, and its signal functions
# (signal.c: picolibc's signal and raise only call a handler in place), and
# its sbrk (heap.c: picolibc's knows no limits).
LIBOS_FIRST := $(BUILD)/user/user/libc-os/lock.c.o $(BUILD)/user/user/libc-os/signal.c.o \
	       $(BUILD)/user/user/libc-os/heap.c.o

$(BUILD)/user/%.c.o: %.c $(GEN)/bower/syscall_nr.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/user/%.S.o: %.S
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(USER_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(BUILD)/user/gen/usys.S.o: $(GEN)/usys.S
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(USER_CFLAGS) -c $< -o $@

$(LIBOS): $(LIBOS_OBJS)
	@rm -f $@
	$(Q)$(CROSS)ar rcs $@ $^

# The flags above are part of every user object and program: change them
# here and everything is built again.
$(LIBOS_OBJS) $(LIBOS_FIRST): user/build.mk

# user_program OUT, SOURCES: link one program from its C files (with
# USER_CFLAGS_NAME too, NAME being OUT's file name). The OS
# layer goes in the same link group as picolibc (--oslib), because each
# needs symbols of the other (time() calls our gettimeofday).
define user_program
$(1): $(2) $(LIBOS) $(LIBOS_FIRST) user/user.ld $(GEN)/bower/syscall_nr.h
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(TCC) $$(USER_CFLAGS) $$(USER_CFLAGS_$(notdir $(1))) $$(USER_LDFLAGS) $(2) $(LIBOS_FIRST) -L$$(BUILD)/user --oslib=bower-os -o $$@
endef
# Programs from outside the tree are built as their authors built them on
# Linux: warnings stay warnings (the tree's own code keeps -Werror), and
# OpenMP's pragmas, which nothing here implements, are ignored quietly.
APPS_CFLAGS := -Wno-error -Wno-unknown-pragmas
$(foreach p,$(if $(APPS),$(wildcard $(APPS)/*.c)),$(eval USER_CFLAGS_$(basename $(notdir $(p))) += $(APPS_CFLAGS)))
$(foreach p,$(USER_PROGS),$(eval $(call user_program,$(USER_BIN)/$(basename $(notdir $(p))),$(p))))
# The file server links the prefetch library (it predicts MAP_LLM faults)
# and a table of built-in profiles. The default image's table is always
# empty, so its first test_llm starts cold whatever `make profile` learned;
# the profiled image (mk/profiled.mk) links a file server with them.
USER_EXTRA_SRCS_fs := $(PF_SRCS) $(GEN)/fs_profiles.c
USER_CFLAGS_fs := -I$(PF_SRC_INC) -flto=auto
# Its sources are compiled in the link, so their headers and the student
# slot's choice of file (STUDENT_SRC) are named here.
$(USER_BIN)/fs: $(PF_HDRS) $(PF_STUDENT_STAMP)
$(shell mkdir -p $(GEN) && python3 tools/embed_profiles.py $(GEN)/fs_profiles.c)
$(foreach s,$(USER_SERVERS),$(eval $(call user_program,$(USER_BIN)/$(s),$(wildcard user/servers/$(s)/*.c) $(USER_EXTRA_SRCS_$(s)))))
# A server is several sources compiled in one command, whose dependency file
# keeps only the last source's headers; so each also depends on every
# header of its own directory and of the system interface.
$(foreach s,$(USER_SERVERS),$(eval $(USER_BIN)/$(s): $(wildcard user/servers/$(s)/*.h) $(wildcard include/bower/*.h)))

# FILES=dir: the host directory's files go into the ramdisk too, under
# files/, and the file server puts them into the initial file system at
# boot (user/servers/fs/initfiles.c): dir/a/b is /a/b. Names with spaces
# are not supported.
RAMDISK_FILES := $(if $(FILES),$(shell find $(FILES) -type f))

# The list of programs and files, rewritten only when it changes (APPS= or
# FILES= added or dropped one), so the ramdisk is rebuilt exactly then.
RAMDISK_LIST := $(BUILD)/ramdisk.list
RAMDISK_CONTENTS := $(USER_BINS) $(RAMDISK_FILES)
$(shell mkdir -p $(BUILD); echo "$(RAMDISK_CONTENTS)" | cmp -s - $(RAMDISK_LIST) || echo "$(RAMDISK_CONTENTS)" > $(RAMDISK_LIST))

# pack_ramdisk STAGE, PROGRAMS: the recipe that packs PROGRAMS, the README,
# a truncated program (for the test that malformed ELF files are refused)
# and FILES= under files/ into the target, staging them in STAGE.
define pack_ramdisk
	@echo "  CPIO    $@"
	@rm -rf $(1) && mkdir -p $(1)
	$(Q)cp $(2) $(1)/
	$(Q)$(CROSS)strip $(1)/*
	$(Q)cp user/README.ramdisk $(1)/README
	$(Q)head -c 300 $(USER_BIN)/hello > $(1)/broken-elf
	$(if $(FILES),$(Q)mkdir -p $(1)/files && cp -R $(FILES)/. $(1)/files/)
	$(Q)cd $(1) && find . -type f | sed 's|^\./||' | LC_ALL=C sort | \
		cpio --quiet -o -H newc > $(abspath $@)
endef

$(RAMDISK): $(USER_BINS) $(RAMDISK_FILES) user/README.ramdisk $(RAMDISK_LIST)
	$(call pack_ramdisk,$(BUILD)/ramdisk,$(USER_BINS))

-include $(LIBOS_OBJS:.o=.d) $(LIBOS_FIRST:.o=.d)
