#!/usr/bin/env python3
"""Crash safety: kill `generate` and `grade` with SIGKILL at random moments (seeded) and check
that every output path holds nothing or a complete file identical to a reference run, that
inputs are untouched, and that a later complete run leaves no temporary file behind.
usage: check_crash.py EXAMFORGE REPO [RUNS]"""
import hashlib, os, random, shutil, signal, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from checklib import Checks
check = Checks()

exe, repo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 100
rnd = random.Random(20261124)


def tree(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            out[os.path.relpath(p, d)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out

inputs = [os.path.join(repo, x) for x in ("notes", "questions", "templates", "examples")]
before = {i: tree(i) for i in inputs}
tmp = tempfile.mkdtemp()
gen = [exe, "generate", "--data", repo, "--forms", "3", "--seed", "3"]
ref_exam = f"{tmp}/ref-exam"
subprocess.run(gen + ["--out", ref_exam], check=True, capture_output=True)
grade = [exe, "grade", "--data", repo, "--key", f"{ref_exam}/key.yaml",
         os.path.join(repo, "examples", "class")]
ref_grade = f"{tmp}/ref-grade"
subprocess.run(grade + ["--out", ref_grade], capture_output=True)
refs = {"generate": (gen, tree(ref_exam)), "grade": (grade, tree(ref_grade))}

def duration(cmd):
    t = time.perf_counter()
    subprocess.run(cmd + ["--out", f"{tmp}/timing"], capture_output=True)
    shutil.rmtree(f"{tmp}/timing", ignore_errors=True)
    return time.perf_counter() - t

times = {k: duration(v[0]) for k, v in refs.items()}
for n in range(runs):
    kind = "generate" if n % 2 == 0 else "grade"
    cmd, ref = refs[kind]
    out = f"{tmp}/{kind}-{n % 4}"  # reuse a few folders: kills land on earlier leftovers too
    p = subprocess.Popen(cmd + ["--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rnd.uniform(0, times[kind] * 1.2))
    p.send_signal(signal.SIGKILL)
    p.wait()
    got = tree(out) if os.path.isdir(out) else {}
    for rel, digest in got.items():
        name = os.path.basename(rel)
        if name.startswith(".examforge-"):
            continue  # a temporary of the killed run: never at an output path
        check(rel in ref and ref[rel] == digest, f"run {n} ({kind}): {rel} is partial or foreign")

# A complete run in every folder: identical to the reference, no temporary left.
for kind, (cmd, ref) in refs.items():
    for k in range(4):
        out = f"{tmp}/{kind}-{k}"
        if not os.path.isdir(out):
            continue
        subprocess.run(cmd + ["--out", out], capture_output=True)
        got = tree(out)
        temps = [r for r in got if os.path.basename(r).startswith(".examforge-")]
        check(not temps, f"{out}: temporary files left after a complete run: {temps[:3]}")
        check({r: d for r, d in got.items() if r not in temps} == ref, f"{out}: equals the reference")
after = {i: tree(i) for i in inputs}
check(before == after, "inputs are byte-identical to before")
shutil.rmtree(tmp, ignore_errors=True)
check.finish()
