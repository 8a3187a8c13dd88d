#!/usr/bin/env python3
"""Run every libFuzzer harness for SECONDS on a seed corpus assembled from the tests' own
inputs (and the regressions). Crashing inputs are saved under OUT/crashes/<harness>/: add
each to tests/fuzz/regressions/<harness>/ once fixed.
usage: run_fuzz.py FUZZ_BIN_DIR REPO OUT SECONDS [JOBS]"""
import glob, os, shutil, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

bins, repo, out, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
jobs = int(sys.argv[5]) if len(sys.argv) > 5 else os.cpu_count() or 2
tests = os.path.join(repo, "tests")
seeds = {
    "bank": glob.glob(f"{repo}/questions/*.yaml")[:3] + glob.glob(f"{tests}/cli/cases/*/q.yaml")
            + [f"{tests}/cli/cases/_shared/good.yaml"],
    "blueprint": glob.glob(f"{repo}/templates/*.yaml") + glob.glob(f"{tests}/cli/cases/*/bp.yaml"),
    "notes": glob.glob(f"{repo}/notes/0*.md")[:4] + glob.glob(f"{tests}/cli/cases/*/*.md"),
    "key": glob.glob(f"{tests}/cli/cases/_shared/key.yaml"),
    "answers_yaml": glob.glob(f"{repo}/examples/class/*.yaml")[:4]
                    + glob.glob(f"{tests}/cli/cases/grade-*/class/*.yaml"),
    "answers_csv": glob.glob(f"{repo}/examples/class/*.csv")
                   + glob.glob(f"{tests}/cli/cases/grade-*/**/*.csv", recursive=True),
}

def run(name):
    corpus = f"{out}/corpus/{name}"
    crashes = f"{out}/crashes/{name}"
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(crashes, exist_ok=True)
    for f in seeds[name] + glob.glob(f"{tests}/fuzz/regressions/{name}/*"):
        shutil.copy(f, corpus)
    p = subprocess.run([f"{bins}/fuzz_{name}", corpus, f"-max_total_time={seconds}",
                        "-max_len=65536", "-timeout=10", "-rss_limit_mb=2048",
                        f"-artifact_prefix={crashes}/", "-print_final_stats=1"],
                       capture_output=True, text=True)
    runs = [l for l in p.stderr.splitlines() if l.startswith("stat::number_of_executed_units")]
    return name, p.returncode, runs[0].split(":")[-1].strip() if runs else "?", p.stderr[-3000:]

only = [h for h in os.environ.get("FUZZ_ONLY", "").split(",") if h]  # e.g. FUZZ_ONLY=bank,key
names = [n for n in seeds if not only or n in only]
failed = 0
with ThreadPoolExecutor(max_workers=jobs) as pool:
    for name, code, runs, tail in pool.map(run, names):
        print(f"{'ok  ' if code == 0 else 'FAIL'} fuzz_{name}: {runs} runs in {seconds} s")
        if code:
            failed += 1
            print(tail)
print(f"{len(names) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
