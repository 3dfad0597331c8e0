# user/build.mk - user programs and the initial ramdisk that carries them.
#
# Every program is one C file linked with picolibc (Debian's
# picolibc-aarch64-linux-gnu) and Bower's OS layer (user/libc-os). To add a
# program, drop NAME.c into user/apps/ (or user/tests/ for test programs):
# it is built and put in the ramdisk as NAME. Programs from outside the
# tree: make run APPS=path/to/dir builds every .c file there the same way.

USER_BIN   := $(BUILD)/user/bin
APPS       ?=

USER_PROGS := $(wildcard user/apps/*.c user/tests/*.c user/servers/*/*.c) \
              $(if $(APPS),$(wildcard $(APPS)/*.c))
USER_BINS  := $(foreach p,$(USER_PROGS),$(USER_BIN)/$(basename $(notdir $(p))))

USER_CFLAGS := -specs=picolibc.specs -std=c11 -O2 -g $(TARGET_WARN) -mcpu=cortex-a72 \
               -fno-pie -Iinclude -I$(GEN) -Iuser/libc-os/include -MMD -MP
USER_LDFLAGS := -nostartfiles -static -no-pie -T user/user.ld -Wl,-z,max-page-size=4096 \
                -Wl,--build-id=none

LIBOS_SRCS := $(wildcard user/libc-os/*.c) $(wildcard user/libc-os/*.S) $(GEN)/usys.S
LIBOS_OBJS := $(patsubst %,$(BUILD)/user/%.o,$(LIBOS_SRCS:$(BUILD)/%=%))
LIBOS      := $(BUILD)/user/libbower-os.a

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

# One program per C file, whichever directory it comes from.
define user_program
$(USER_BIN)/$(basename $(notdir $(1))): $(1) $(LIBOS) user/user.ld $(GEN)/bower/syscall_nr.h
	@mkdir -p $$(@D)
	@echo "  LD      $$@"
	$$(Q)$$(TCC) $$(USER_CFLAGS) $$(USER_LDFLAGS) $(1) $$(LIBOS) -o $$@
endef
$(foreach p,$(USER_PROGS),$(eval $(call user_program,$(p))))

$(RAMDISK): $(USER_BINS) user/README.ramdisk
	@rm -rf $(BUILD)/ramdisk && mkdir -p $(BUILD)/ramdisk
	cp $(USER_BINS) $(BUILD)/ramdisk/
	$(CROSS)strip $(BUILD)/ramdisk/*
	cp user/README.ramdisk $(BUILD)/ramdisk/README
	head -c 300 $(USER_BIN)/hello > $(BUILD)/ramdisk/broken-elf
	cd $(BUILD)/ramdisk && ls | cpio --quiet -o -H newc > ../ramdisk.cpio

-include $(LIBOS_OBJS:.o=.d)
