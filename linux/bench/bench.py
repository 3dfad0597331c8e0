#!/usr/bin/env python3
"""bench.py - Bower's pager on Linux against Linux itself: make bench-linux.

Every run is a process in a memory cgroup limited to 64 MiB, started with a
cold page cache (echo 3 > /proc/sys/vm/drop_caches); each number is the
median of --runs runs (5). Measured per run: wall time, major faults
(wait4's rusage), bytes read from the disk (the file's block device's
sectors read, /sys/dev/block/M:m/stat), peak memory of the cgroup, and,
under the pager, its own faults (--stats). Workloads (llmread.c): the
sparse LLM-like reader over a weights file 4x the limit, a dense scan
(every page, twice), random pages, and test_llm's walk of sparse writes
through MAP_SHARED (2 MiB, budget 16 pages). A program printing another
checksum than plain mmap's is an error, not a number.

Numbers, not tests: nothing here fails for being slow. Needs root.
Writes BUILD/bench/linux/table.md and prints it.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, time

LIMIT = 64 << 20
WEIGHTS = 256 << 20

def die(msg):
    print("bench-linux: " + msg, file=sys.stderr)
    sys.exit(1)

def cgroup():
    """A memory cgroup of our own, v1 or v2, limited to LIMIT: (dir, peak file, reset)."""
    v1 = "/sys/fs/cgroup/memory"
    if os.path.isdir(v1) and os.access(v1, os.W_OK):
        d = v1 + "/bower-bench"
        os.makedirs(d, exist_ok=True)
        open(d + "/memory.limit_in_bytes", "w").write(str(LIMIT))
        return d, "memory.max_usage_in_bytes", True
    for v2 in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"):
        if "memory" in open(v2 + "/cgroup.controllers").read() if os.path.exists(v2 + "/cgroup.controllers") else False:
            try:
                open(v2 + "/cgroup.subtree_control", "w").write("+memory")
            except OSError:
                pass
            d = v2 + "/bower-bench"
            os.makedirs(d, exist_ok=True)
            open(d + "/memory.max", "w").write(str(LIMIT))
            return d, "memory.peak", False
    die("no writable memory cgroup (v1 memory.limit_in_bytes or v2 memory.max)")

def sectors_read(dev_stat):
    return int(open(dev_stat).read().split()[2])

class Runner:
    def __init__(self, cg, timeout):
        self.dir, self.peak, self.v1 = cg
        self.timeout = timeout

    def run(self, argv, dev_stat):
        """One cold run in the cgroup: a dict of what it measured."""
        subprocess.run(["sync"])
        open("/proc/sys/vm/drop_caches", "w").write("3")
        if self.v1:
            open(self.dir + "/" + self.peak, "w").write("0")
        r0 = sectors_read(dev_stat)
        f0 = self.majflt()
        t0 = time.monotonic()
        cmd = "echo $$ > %s/cgroup.procs && exec \"$@\"" % self.dir
        p = subprocess.Popen(["sh", "-c", cmd, "sh"] + argv, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        try:
            out, err = p.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            return {"timeout": True}
        wall = time.monotonic() - t0
        if p.returncode != 0:
            die("%s exited with %d: %s" % (" ".join(argv), p.returncode, err.strip()[-300:]))
        # Major faults: the cgroup's count (memory.stat), before and after.
        f1 = self.majflt()
        m = re.search(r"all mappings: (\d+) faults", err)
        peak = int(open(self.dir + "/" + self.peak).read()) if os.path.exists(self.dir + "/" + self.peak) else 0
        return {"wall": wall, "read": (sectors_read(dev_stat) - r0) * 512, "peak": peak,
                "out": out.split()[1] if out.split() else "", "pager_faults": int(m.group(1)) if m else None,
                "majflt": None if f0 is None or f1 is None else f1 - f0}

    def majflt(self):
        stat = self.dir + "/memory.stat"
        if not os.path.exists(stat):
            return None
        for line in open(stat):
            if line.startswith("total_pgmajfault ") or line.startswith("pgmajfault "):
                return int(line.split()[1])
        return None

def median(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()
    if os.geteuid() != 0:
        die("needs root: a memory cgroup and /proc/sys/vm/drop_caches")
    out_dir = os.path.join(a.build, "bench", "linux")
    os.makedirs(out_dir, exist_ok=True)
    launcher = os.path.abspath(os.path.join(a.build, "linux", "bower-pager"))
    reader = os.path.abspath(os.path.join(a.build, "linux", "bench", "llmread"))
    weights = os.path.abspath(os.path.join(out_dir, "weights.bin"))
    small = os.path.abspath(os.path.join(out_dir, "test_llm.bin"))
    profiles = os.path.abspath(os.path.join(out_dir, "profiles"))
    if not os.path.exists(weights) or os.path.getsize(weights) != WEIGHTS:
        with open("/dev/urandom", "rb") as src, open(weights, "wb") as dst:
            for _ in range(WEIGHTS >> 20):
                dst.write(src.read(1 << 20))
    st = os.stat(weights)
    dev_stat = "/sys/dev/block/%d:%d/stat" % (os.major(st.st_dev), os.minor(st.st_dev))
    if not os.path.exists(dev_stat):
        die("cannot find the block device of %s (%s)" % (weights, dev_stat))
    runner = Runner(cgroup(), a.timeout)
    pager = [launcher, "--mem", "48M", "--stats", "--profiles", profiles, "--"]
    rows = []

    def measure(workload, how, argv, runs=a.runs):
        got = []
        for _ in range(runs):
            r = runner.run(argv, dev_stat)
            if r.get("timeout"):
                got = [r]
                break
            got.append(r)
        rows.append((workload, how, got))
        print("  %-8s %-38s %s" % (workload, how, describe(got)), flush=True)
        return got

    for workload in ("sparse", "dense", "random"):
        base = [reader, workload, weights, "1"]
        measure(workload, "plain mmap", base)
        measure(workload, "mmap + MADV_RANDOM", base + ["random"])
        shutil.rmtree(profiles, ignore_errors=True)
        measure(workload, "bower-pager, first run", pager + base, runs=1)
        for _ in range(3):
            runner.run(pager + base, dev_stat)
        measure(workload, "bower-pager, learned (4 runs before)", pager + base)
        if workload == "sparse":
            measure(workload, "bower-pager, learned, other input", pager + [reader, workload, weights, "7"])
    # test_llm's walk: MAP_SHARED writes, a budget of 16 pages.
    with open(small, "wb") as f:
        f.write(os.urandom(2 << 20))
    ref = small + ".plain"
    shutil.copy(small, ref)
    shutil.rmtree(profiles, ignore_errors=True)
    llm = [launcher, "--mem", "64K", "--batch", "16", "--stats", "--profiles", profiles, "--"]
    faults = []
    for seed in range(1, 11):
        r = runner.run(llm + [reader, "write", small, str(seed)], dev_stat)
        subprocess.run([reader, "write", ref, str(seed)], check=True, stdout=subprocess.DEVNULL)
        faults.append(r["pager_faults"])
    same = open(small, "rb").read() == open(ref, "rb").read()
    rows.append(("test_llm", "bower-pager --mem 64K, 10 runs", [{"faults": faults, "same": same}]))
    print("  test_llm faults per run: %s; file equal to plain mmap's: %s" % (faults, same))
    check(rows)
    picture(reader, weights, out_dir)
    table = render(rows, a.runs) + roundtrip(a.build, weights) + sweep(runner, dev_stat, launcher, reader, weights)
    open(os.path.join(out_dir, "table.md"), "w").write(table)
    print(table)

def roundtrip(build, weights):
    """The pager's fault round trip with the file in the page cache."""
    part = os.path.join(os.path.dirname(weights), "roundtrip.bin")
    with open(weights, "rb") as src, open(part, "wb") as dst:
        dst.write(src.read(16 << 20))
        dst.flush()
        os.fsync(dst.fileno())  # not written back while it is measured
    prog = os.path.join(build, "linux", "bench", "roundtrip")
    got = {}
    for how in ("fault", "touch", "linux"):
        vals = []
        for _ in range(5):
            out = subprocess.run([prog, how, part], check=True, capture_output=True, text=True).stdout
            vals.append(float(out.split()[1]))
        got[how] = statistics.median(vals)
    return ("\nFault round trip, 16 MiB file in the page cache, median of 5 (roundtrip.c): "
            "a fault the pager answers %.1f us; the first touch of a page read ahead %.1f us; "
            "Linux's own minor fault (with fault-around) %.2f us a page.\n" %
            (got["fault"], got["touch"], got["linux"]))

def picture(reader, weights, out_dir):
    """tokens.png: the rows of the first layer that each of 8 tokens reads."""
    pages = os.path.join(out_dir, "token-pages.txt")
    env = dict(os.environ, LLMREAD_PAGES=pages)
    subprocess.run([reader, "sparse", weights, "1"], check=True, env=env, stdout=subprocess.DEVNULL)
    if not shutil.which("gnuplot"):
        print("bench-linux: no gnuplot, no picture (%s has the pages)" % pages)
        return
    script = (
        "set terminal pngcairo size 1100,420\n"
        "set output '%s'\n"
        "set xlabel 'row (page) of the first layer'\nset ylabel 'token'\n"
        "set yrange [-0.5:7.5]\nset xrange [0:%d]\n"
        "set title \"llmread sparse, layer 0: the rows each token reads "
        "(a column of dots: a hot row, read by every token)\"\n"
        "plot '%s' using ($3 < %d ? $3 : 1/0):1 with points pt 5 ps 0.35 notitle\n"
        % (os.path.join(out_dir, "tokens.png"), WEIGHTS // 4096 // 32, pages, WEIGHTS // 4096 // 32))
    subprocess.run(["gnuplot"], input=script, text=True, check=True)

def sweep(runner, dev_stat, launcher, reader, weights):
    """Reads in flight and batch size: first runs, median of 3 each."""
    def first_run(extra, workload):
        walls = [runner.run([launcher, "--mem", "48M", "--profiles", ""] + extra + ["--", reader, workload,
                                                                                weights, "1"], dev_stat)["wall"]
                 for _ in range(3)]
        return statistics.median(walls)
    lines = ["", "| setting | dense (s) | sparse (s) |", "|---|---|---|"]
    for n in (1, 2, 4, 8):
        lines.append("| --readers %d | %.2f | %.2f |" % (n, first_run(["--readers", str(n)], "dense"),
                                                       first_run(["--readers", str(n)], "sparse")))
    for b in (16, 64, 256):
        lines.append("| --batch %d | %.2f | %.2f |" % (b, first_run(["--batch", str(b)], "dense"),
                                                     first_run(["--batch", str(b)], "sparse")))
    lines.append("")
    lines.append("Reads in flight (reader threads) and pages a fault's answer names: bower-pager's first run, "
                 "no profile, median of 3, the same cgroup. Defaults: 4 readers, batch 64.")
    print("\n".join(lines), flush=True)
    return "\n".join(lines) + "\n"

def describe(got):
    if got and got[0].get("timeout"):
        return "over the time limit"
    return "%.2f s, %.0f MB read, peak %.0f MiB" % (median(got, "wall"), median(got, "read") / 1e6,
                                                  median(got, "peak") / 2**20)

def check(rows):
    """Every configuration of a workload printed plain mmap's checksum."""
    want = {}
    for workload, how, got in rows:
        for r in got:
            if "out" not in r:
                continue
            if workload == "sparse" and "other input" in how:
                continue
            want.setdefault(workload, r["out"])
            if r["out"] != want[workload]:
                die("%s, %s: checksum %s, plain mmap's %s" % (workload, how, r["out"], want[workload]))

def render(rows, runs):
    lines = ["| workload | how | time (s) | bytes read (MB) | major faults | pager faults | peak memory (MiB) |",
             "|---|---|---|---|---|---|---|"]
    for workload, how, got in rows:
        if workload == "test_llm":
            r = got[0]
            lines.append("| test_llm (writes) | %s | | | | %s | file equal to plain mmap's: %s |" %
                         (how, " ".join(str(f) for f in r["faults"]), "yes" if r["same"] else "NO"))
            continue
        if got[0].get("timeout"):
            lines.append("| %s | %s | > time limit | | | | |" % (workload, how))
            continue
        mf = median(got, "majflt")
        pf = median(got, "pager_faults")
        lines.append("| %s | %s | %.2f | %.0f | %s | %s | %.0f |" % (
            workload, how, median(got, "wall"), median(got, "read") / 1e6,
            "" if mf is None else "%d" % mf, "" if pf is None else "%d" % pf, median(got, "peak") / 2**20))
    lines.append("")
    lines.append("Median of %d cold runs each (first runs: one), 64 MiB memory cgroup, weights 256 MiB." % runs)
    return "\n".join(lines) + "\n"

if __name__ == "__main__":
    main()
