# tests/host/kernel/build.mk - host unit tests of the kernel's portable parts
# (buddy allocator, slab, cpio reader, ELF checks, device tree reader),
# built with the sanitizers. Their inputs that real tools make (a cpio
# archive, an AArch64 executable, QEMU's device tree) are made here too.

KTEST_DIR  := $(BUILD)/host/kernel
KTEST_INC  := -Ilib/include -Ilib/cpio -Ilib/elf -Ilib/fdt -Ikernel/mm -Itests/host
KTEST_DATA := -DTEST_DATA_DIR='"$(KTEST_DIR)"'

KTESTS := buddy slab cpio elf fdt
HOST_TESTS += $(foreach t,$(KTESTS),$(KTEST_DIR)/test_$(t))

$(KTEST_DIR)/test_buddy: tests/host/kernel/test_buddy.c kernel/mm/buddy.c kernel/mm/buddy.h
$(KTEST_DIR)/test_slab: tests/host/kernel/test_slab.c kernel/mm/slab.c kernel/mm/slab.h
$(KTEST_DIR)/test_cpio: tests/host/kernel/test_cpio.c lib/cpio/cpio.c lib/cpio/cpio.h \
	$(KTEST_DIR)/sample.cpio
$(KTEST_DIR)/test_elf: tests/host/kernel/test_elf.c lib/elf/elf64.c lib/elf/elf64.h \
	$(KTEST_DIR)/tiny.elf
$(KTEST_DIR)/test_fdt: tests/host/kernel/test_fdt.c lib/fdt/fdt.c lib/fdt/fdt.h \
	$(KTEST_DIR)/virt.dtb

$(KTEST_DIR)/test_%: tests/host/check.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(KTEST_INC) $(KTEST_DATA) $(filter %.c,$^) -o $@

# A newc archive made by the real cpio, with a file in a subdirectory.
$(KTEST_DIR)/sample.cpio:
	@mkdir -p $(KTEST_DIR)/sample/sub
	$(Q)printf 'hello, archive\n' > $(KTEST_DIR)/sample/greeting
	$(Q)printf '' > $(KTEST_DIR)/sample/empty
	$(Q)printf 'deep' > $(KTEST_DIR)/sample/sub/file
	$(Q)cd $(KTEST_DIR)/sample && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc > ../sample.cpio

# A real static AArch64 executable.
$(KTEST_DIR)/tiny.elf: tests/host/kernel/tiny.c
	@mkdir -p $(@D)
	$(Q)$(TCC) -nostdlib -static -O1 -Wl,--build-id=none -Wl,-z,max-page-size=4096 $< -o $@

# QEMU's own device tree for the machine Bower boots on (QEMU wants a
# kernel to pass a command line to; it dumps the tree and exits). Dumped
# again when the command line that makes it changes.
$(KTEST_DIR)/virt.dtb: $(KTEST_DIR)/tiny.elf tools/qemu.sh tests/host/kernel/build.mk
	$(Q)tools/qemu.sh --machine virt,dumpdtb=$@ --smp 4 $< "hello world" >/dev/null
