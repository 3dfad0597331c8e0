# toolchain.mk - compilers and flags shared by every part of the build.

BUILD ?= build
# V=1 shows every command.
Q := $(if $(V),,@)

# Host side: unit tests and tools, always under the sanitizers.
HOSTCC      ?= gcc
HOST_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_TOOL_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror

# Target side: 64-bit Arm, freestanding kernel and picolibc user space.
CROSS   ?= aarch64-linux-gnu-
TCC     := $(CROSS)gcc
TOBJCOPY:= $(CROSS)objcopy
TOBJDUMP:= $(CROSS)objdump
TARGET_WARN := -Wall -Wextra -Werror

# Debian's e2fsprogs make the ext2 images (make run DISK=dir, the tests);
# /sbin is not on every user's PATH.
MKE2FS := $(firstword $(wildcard /sbin/mke2fs /usr/sbin/mke2fs) mke2fs)

# Host unit-test binaries and host tools; each part's build.mk appends.
HOST_TESTS :=
HOST_TOOLS :=

# Paths more than one part refers to.
GEN     := $(BUILD)/gen
RAMDISK := $(BUILD)/ramdisk.cpio
KERNEL_ELF := $(BUILD)/kernel/bower.elf

# The profiled image (mk/profiled.mk): the same kernel and programs, but a
# file server built with the profiles `make profile` learned. It is a
# target of its own, so learning never changes what `make run` boots.
PROFILE_DIR := $(BUILD)/profile
PROFILED_BUILD := $(BUILD)/profiled
PROFILED_KERNEL_ELF := $(PROFILED_BUILD)/kernel/bower.elf

# Booting: tools/qemu.sh runs QEMU with these (APPEND is the kernel command
# line, which init reads; see user/servers/init/init.c).
QEMU_FLAGS ?=
