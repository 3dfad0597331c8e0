#!/bin/sh
# test.sh - run every test and count the results.
#
# Usage: tools/test.sh HOST_TEST_BINARY...
# Each host test binary and the QEMU test runner print one line per test,
# "PASS: name" or "FAIL: name: why" (or "SKIP: name: why", shown, counted
# as neither). A binary that dies without reporting
# (a sanitizer abort, a crash) counts as one failure of its own. Logs go to
# build/test-logs/. The last line is "N passed, N failed"; the exit status
# is non-zero when anything failed.
set -u
# One CPU unless SMP says (tools/qemu.sh and tests/qemu/run.py read it):
# the whole suite does not pass with 4 yet (docs/smp.md).
export SMP="${SMP:-1}"
logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0

count() { # count NAME STATUS LOGFILE
	p=$(grep -c '^PASS: ' "$3")
	f=$(grep -c '^FAIL: ' "$3")
	grep -E '^(PASS|FAIL|SKIP): ' "$3"
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $1: exited with status $2 without reporting a failure (see $3)"
		f=$((f + 1))
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for t in "$@"; do
	name=$(basename "$t")
	"$t" >"$logs/$name.log" 2>&1
	count "$name" $? "$logs/$name.log"
done

# The docs name only files and functions that exist (no QEMU needed).
if [ -x tools/check_docs.py ]; then
	tools/check_docs.py >"$logs/check_docs.log" 2>&1
	count check_docs $? "$logs/check_docs.log"
fi

if [ -x tests/qemu/run.py ]; then
	tests/qemu/run.py >"$logs/qemu.log" 2>&1
	count qemu $? "$logs/qemu.log"
	# The suite boots with one CPU ($SMP); these boots again with 4,
	# where the scheduler's choices differ most (make test-smp4: all of
	# them, with the failures docs/smp.md lists).
	tests/qemu/run.py --smp 4 boot boot_from_el2 preemption fp_registers_per_thread \
		capabilities_and_notifications wait_for_a_signal_or_a_free_cpu ipc_peer_dies \
		registers_survive_calls_and_faults \
		fault_while_another_runs test_llm_learns_hw_access_flag unmap_frees_tables \
		no_leak_after_spawn_storm disk_ext2_write fuzz_syscalls fuzz_syscalls_hostile \
		smp_stress >"$logs/qemu-smp4.log" 2>&1
	count qemu-smp4 $? "$logs/qemu-smp4.log"
fi

# Last, as it rebuilds the image with a learned profile in it.
if [ -x tools/profile.py ]; then
	tools/profile.py --check >"$logs/profile.log" 2>&1
	count profile $? "$logs/profile.log"
fi

if [ -x tools/grade.py ]; then
	tools/grade.py >"$logs/grade.log" 2>&1
	count grade $? "$logs/grade.log"
fi

# The lab's exercise: the student slot's stub, and a predictor the test
# writes into the slot in a build directory of its own (tests/lab/lab.py).
if [ -x tests/lab/lab.py ]; then
	tests/lab/lab.py >"$logs/lab.log" 2>&1
	count lab $? "$logs/lab.log"
fi

# The OS and the simulator take the same faults on a run the file server
# recorded (tests/agree/agree.py).
if [ -x tests/agree/agree.py ]; then
	tests/agree/agree.py >"$logs/agree.log" 2>&1
	count agree $? "$logs/agree.log"
fi

# A program from outside the tree (APPS=) builds as on Linux and runs
# (tests/outside/outside.py, in a build directory of its own).
if [ -x tests/outside/outside.py ]; then
	tests/outside/outside.py >"$logs/outside.log" 2>&1
	count outside $? "$logs/outside.log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
