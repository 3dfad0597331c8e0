# profiled.mk - the profiled image, build/profiled/kernel/bower.elf.
#
# `make profile` learns test_llm's pattern into build/profile/*.prof; this
# image is the default one with a file server that starts its models from
# those profiles, so even its first test_llm is a learned run. Only the
# file server, the ramdisk holding it and the kernel that holds the ramdisk
# are built again; every other object is the default image's. Included
# after the build.mk files, whose variables and macros it uses.

PROFILED_FS      := $(PROFILED_BUILD)/user/bin/fs
PROFILED_RAMDISK := $(PROFILED_BUILD)/ramdisk.cpio
PROFILED_BINS    := $(filter-out $(USER_BIN)/fs,$(USER_BINS)) $(PROFILED_FS)

$(shell mkdir -p $(PROFILED_BUILD)/gen && python3 tools/embed_profiles.py $(PROFILED_BUILD)/gen/fs_profiles.c $(PROFILE_DIR))
$(PROFILED_FS): $(PF_HDRS) $(PF_STUDENT_STAMP)
$(eval $(call user_program,$(PROFILED_FS),$(wildcard user/servers/fs/*.c) $(PF_SRCS) $(PROFILED_BUILD)/gen/fs_profiles.c))

$(PROFILED_RAMDISK): $(PROFILED_BINS) $(RAMDISK_FILES) user/README.ramdisk $(RAMDISK_LIST)
	$(call pack_ramdisk,$(PROFILED_BUILD)/ramdisk,$(PROFILED_BINS))

$(PROFILED_BUILD)/kernel/ramdisk_image.o: kernel/loader/ramdisk_image.S $(PROFILED_RAMDISK)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TCC) $(KERNEL_CFLAGS) -DRAMDISK_PATH='"$(PROFILED_RAMDISK)"' -c $< -o $@

PROFILED_KERNEL_OBJS := $(filter-out %/ramdisk_image.o,$(KERNEL_OBJS)) $(PROFILED_BUILD)/kernel/ramdisk_image.o

$(PROFILED_KERNEL_ELF): $(PROFILED_KERNEL_OBJS) kernel/arch/aarch64/kernel.ld
	@echo "  CC      $@"
	$(Q)$(TCC) $(KERNEL_CFLAGS) $(KERNEL_LDFLAGS) $(PROFILED_KERNEL_OBJS) -lgcc -o $@
