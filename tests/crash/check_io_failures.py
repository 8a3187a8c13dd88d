#!/usr/bin/env python3
"""Output failures: a full disk (an LD_PRELOAD shim makes write() fail with ENOSPC after a
number of bytes), an output path that is a directory, an output folder that cannot exist.
Each must give a precise message, exit 3, and leave no partial or temporary file.
usage: check_io_failures.py EXAMFORGE ENOSPC_SHIM REPO"""
import os, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from checklib import Checks
check = Checks()

exe, shim, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
# Under AddressSanitizer the shim is preloaded ahead of its runtime: allow that.
ASAN = {"ASAN_OPTIONS": "verify_asan_link_order=0"}


def listing(d):
    return sorted(os.listdir(d)) if os.path.isdir(d) else []

tmp = tempfile.mkdtemp()
gen = [exe, "generate", "--data", repo, "--seed", "4", "--forms", "2"]
for budget in (0, 5000, 200000, 700000):
    out = f"{tmp}/full-{budget}"
    env = dict(os.environ, LD_PRELOAD=shim, EF_ENOSPC_AFTER=str(budget), **ASAN)
    p = subprocess.run(gen + ["--out", out], capture_output=True, text=True, env=env)
    check(p.returncode == 3, f"disk full after {budget} bytes: exit {p.returncode}")
    check("No space left on device" in p.stderr and "cannot write" in p.stderr,
          f"disk full message: {p.stderr.strip()[:200]}")
    check(listing(out) == [], f"disk full after {budget}: nothing left in {out}: {listing(out)}")

# The same with earlier outputs present: they stay as they were.
out = f"{tmp}/keep"
subprocess.run(gen + ["--out", out], check=True, capture_output=True)
before = {f: open(f"{out}/{f}", "rb").read() for f in listing(out)}
env = dict(os.environ, LD_PRELOAD=shim, EF_ENOSPC_AFTER="300000", **ASAN)
p = subprocess.run([exe, "generate", "--data", repo, "--seed", "5", "--forms", "2", "--out", out],
                   capture_output=True, text=True, env=env)
check(p.returncode == 3, f"disk full over earlier outputs: exit {p.returncode}")
check({f: open(f"{out}/{f}", "rb").read() for f in listing(out)} == before,
      "earlier outputs untouched after a failed run")

# An output path that is a directory: refused before anything is replaced.
out = f"{tmp}/dir-in-way"
os.makedirs(f"{out}/key.yaml")
p = subprocess.run(gen + ["--out", out], capture_output=True, text=True)
check(p.returncode == 3 and "key.yaml" in p.stderr and "directory" in p.stderr.lower(),
      f"directory in the way: exit {p.returncode}: {p.stderr.strip()[:200]}")
check(listing(out) == ["key.yaml"], f"nothing written beside the directory: {listing(out)}")

# grade: a full disk while writing the report and study sheets.
subprocess.run(gen + ["--out", f"{tmp}/exam"], check=True, capture_output=True)
out = f"{tmp}/grade-full"
env = dict(os.environ, LD_PRELOAD=shim, EF_ENOSPC_AFTER="100000", **ASAN)
p = subprocess.run([exe, "grade", "--data", repo, "--key", f"{tmp}/exam/key.yaml", "--out", out,
                    os.path.join(repo, "examples", "class")], capture_output=True, text=True, env=env)
check(p.returncode == 3 and "No space left on device" in p.stderr,
      f"grade on a full disk: exit {p.returncode}: {p.stderr.strip()[-200:]}")
left = [os.path.join(r, f) for r, _, fs in os.walk(out) for f in fs]
check(not left, f"grade on a full disk leaves nothing: {left[:3]}")

# An output folder that cannot be made.
p = subprocess.run(gen + ["--out", "/proc/examforge-test/out"], capture_output=True, text=True)
check(p.returncode == 3 and "cannot create directory" in p.stderr, f"/proc: {p.stderr.strip()}")
# Hostile sizes: an input over 256 MiB is refused without being read (a sparse file), and a
# million-item question file ends in bounded time and memory with a capped error list.
big = f"{tmp}/huge.yaml"
with open(big, "wb") as f:
    f.truncate(300 << 20)
p = subprocess.run([exe, "check", "--data", repo, "-q", "--bank", big], capture_output=True,
                   text=True, timeout=60)
check(p.returncode == 3 and "larger than 256 MiB" in p.stderr, f"huge input: {p.stderr.strip()}")
many = f"{tmp}/many.yaml"
with open(many, "w") as f:
    f.write("- x\n" * 1000000)
proc = subprocess.Popen([exe, "check", "--data", repo, "-q", "--bank", many],
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
stderr = proc.stderr.read()
_, status, usage = os.wait4(proc.pid, 0)
rss_kb = usage.ru_maxrss
check(os.waitstatus_to_exitcode(status) == 1 and "stopped after 200 errors" in stderr
      and stderr.count("error:") <= 202, f"a million items: exit {status}")
check(rss_kb < 1024 * 1024, f"a million items: peak RSS {rss_kb} KiB under 1 GiB")
check.finish()
