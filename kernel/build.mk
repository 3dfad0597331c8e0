# kernel/build.mk - the Bower kernel image.
#
# The kernel is freestanding C for AArch64, linked into the upper half with
# the initial ramdisk (build/ramdisk.cpio, see user/build.mk) inside it.


KERNEL_SRCS := $(wildcard kernel/*.c kernel/arch/aarch64/*.c kernel/plat/virt/*.c \
                 kernel/lib/*.c kernel/mm/*.c kernel/sched/*.c kernel/object/*.c \
                 kernel/syscall/*.c kernel/loader/*.c kernel/ipc/*.c) \
               lib/cpio/cpio.c lib/elf/elf64.c lib/fdt/fdt.c lib/rset/rset.c
KERNEL_ASM  := $(wildcard kernel/arch/aarch64/*.S) kernel/loader/ramdisk_image.S

KERNEL_OBJS := $(patsubst %.c,$(BUILD)/kernel/%.o,$(KERNEL_SRCS)) \
               $(patsubst %.S,$(BUILD)/kernel/%.o,$(KERNEL_ASM)) \
               $(BUILD)/kernel/gen/syscall_table.o

KERNEL_CFLAGS := -std=c11 -O2 -flto=auto -g $(TARGET_WARN) -ffreestanding -nostdinc \
                 -isystem $(shell $(TCC) -print-file-name=include) \
                 -mgeneral-regs-only -mcpu=cortex-a72 -mno-outline-atomics -fno-pie -fno-stack-protector \
                 -fno-omit-frame-pointer -mstrict-align \
                 -Ikernel/include -Ikernel -Ikernel/mm -Iinclude -I$(GEN) \
                 -Ilib/include -Ilib/cpio -Ilib/elf -Ilib/fdt -Ilib/rset -MMD -MP
KERNEL_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
                  -T kernel/arch/aarch64/kernel.ld -Wl,-z,max-page-size=4096

$(GEN)/bower/syscall_nr.h $(GEN)/syscall_table.c $(GEN)/usys.S: tools/syscalls.tbl tools/gensyscalls.py
	@mkdir -p $(GEN)
	$(Q)python3 tools/gensyscalls.py tools/syscalls.tbl $(GEN)

# Whole-program optimization (-flto) lets the hot paths (a system call, a
# fault, an IPC round trip) inline across files; the C library routines the
# compiler itself calls (memcpy, memset for struct copies and clears) stay
# out of it, so that they are still there when the final code asks for them.
$(BUILD)/kernel/kernel/lib/string.o: KERNEL_CFLAGS += -fno-lto

$(BUILD)/kernel/%.o: %.c $(GEN)/bower/syscall_nr.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/gen/syscall_table.o: $(GEN)/syscall_table.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/%.o: %.S
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(KERNEL_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(BUILD)/kernel/kernel/loader/ramdisk_image.o: kernel/loader/ramdisk_image.S $(RAMDISK)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(KERNEL_CFLAGS) -DRAMDISK_PATH='"$(RAMDISK)"' -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) kernel/arch/aarch64/kernel.ld
	@echo "  CC      $@"
	$(Q)$(TCC) $(KERNEL_CFLAGS) $(KERNEL_LDFLAGS) $(KERNEL_OBJS) -lgcc -o $@

-include $(KERNEL_OBJS:.o=.d)
