# tests/host/ext2/build.mk - the file server's ext2 reader on images
# Debian's mke2fs makes from a directory (1 and 4 KiB blocks), and on
# copies of them damaged on purpose, under the sanitizers.

EXT2TEST_DIR := $(BUILD)/host/ext2
EXT2_TEST    := $(EXT2TEST_DIR)/test_ext2
EXT2W_TEST   := $(EXT2TEST_DIR)/test_ext2_write
HOST_TESTS   += $(EXT2_TEST) $(EXT2W_TEST)
# The writer's results are checked by e2fsprogs' own checker and reader.
E2FS_BIN     := $(dir $(MKE2FS))

$(EXT2_TEST): tests/host/ext2/test_ext2.c user/servers/fs/ext2.c user/servers/fs/ext2.h \
	tests/host/check.h tests/host/ext2/image.h $(EXT2TEST_DIR)/1k.img $(EXT2TEST_DIR)/4k.img
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -Iuser/servers/fs -Itests/host \
		-DTEST_DATA_DIR='"$(EXT2TEST_DIR)"' $(filter %.c,$^) -o $@

$(EXT2W_TEST): tests/host/ext2/test_ext2_write.c user/servers/fs/ext2.c \
	user/servers/fs/ext2_alloc.c user/servers/fs/ext2_write.c user/servers/fs/ext2_names.c \
	user/servers/fs/ext2.h user/servers/fs/ext2_alloc.h tests/host/check.h tests/host/ext2/image.h \
	$(EXT2TEST_DIR)/1k.img $(EXT2TEST_DIR)/4k.img
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -D_POSIX_C_SOURCE=200809L -Iuser/servers/fs -Itests/host \
		-DTEST_DATA_DIR='"$(EXT2TEST_DIR)"' -DE2FSCK='"$(E2FS_BIN)e2fsck"' \
		-DDEBUGFS='"$(E2FS_BIN)debugfs"' $(filter %.c,$^) -o $@

# The tree both images hold: tests/host/ext2/make_tree.py writes it, and
# test_ext2.c knows what each file must contain.
$(EXT2TEST_DIR)/tree.stamp: tests/host/ext2/make_tree.py
	@mkdir -p $(@D)
	$(Q)rm -rf $(EXT2TEST_DIR)/tree && python3 $< $(EXT2TEST_DIR)/tree && touch $@

$(EXT2TEST_DIR)/%k.img: $(EXT2TEST_DIR)/tree.stamp
	$(Q)rm -f $@ && $(MKE2FS) -q -F -t ext2 -b $$(($** 1024)) -d $(EXT2TEST_DIR)/tree $@ 8M >/dev/null
