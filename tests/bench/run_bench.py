#!/usr/bin/env python3
"""The benchmark: examforge against the bare parse of the same files (the floor), on a
synthetic 10,000-question bank and 100,000 answer files. Prints one table of wall times,
peak RSS and ratios next to the targets. Timings live here, never in the tests.
usage: run_bench.py EXAMFORGE FLOOR WORKDIR [--students N] [--questions N]"""
import argparse, os, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))

def measure(cmd, repeat=3):
    """Best wall time of `repeat` runs and the peak RSS (MiB) of the child."""
    best, rss = None, 0
    for _ in range(repeat):
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 4):
            sys.exit(f"failed ({code}): {' '.join(cmd)}")
        best = dt if best is None else min(best, dt)
        rss = max(rss, usage.ru_maxrss / 1024)
    return best, rss

def size_mib(paths):
    return sum(os.path.getsize(p) for p in paths) / 2**20

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("examforge")
    ap.add_argument("floor")
    ap.add_argument("work")
    ap.add_argument("--students", type=int, default=100000)
    ap.add_argument("--questions", type=int, default=10000)
    a = ap.parse_args()
    exe, floor, work = os.path.abspath(a.examforge), os.path.abspath(a.floor), a.work
    data, answers = f"{work}/data", f"{work}/answers"
    py = sys.executable
    if not os.path.isdir(f"{data}/questions"):
        print(f"generating a {a.questions}-question bank ...", flush=True)
        subprocess.run([py, f"{here}/gen_data.py", "bank", data, "--questions", str(a.questions)], check=True)
    if not os.path.isdir(f"{work}/exam"):
        subprocess.run([exe, "generate", "--data", data, "--seed", "5", "--out", f"{work}/exam"],
                       check=True, stdout=subprocess.DEVNULL)
    if not os.path.exists(f"{answers}/class.csv"):
        print(f"generating {a.students} answer files ...", flush=True)
        subprocess.run([py, f"{here}/gen_data.py", "answers", f"{work}/exam/key.yaml", answers,
                        "--students", str(a.students)], check=True)
    bank = sorted(f"{data}/questions/{f}" for f in os.listdir(f"{data}/questions"))
    yamls = sorted(os.path.join(r, f) for r, _, fs in os.walk(f"{answers}/yaml") for f in fs)
    rows = []
    def row(what, t, rss, floor_t=None, target=""):
        rows.append((what, t, rss, floor_t, target))

    ft, frss = measure([floor, *bank])
    t, rss = measure([exe, "check", "--data", data, "-q"])
    row(f"check, {len(bank)} files, {size_mib(bank):.1f} MiB", t, rss, ft,
        f"<= 1.5x floor; RSS <= 3x input ({3 * size_mib(bank):.0f} MiB)")
    t, rss = measure([exe, "generate", "--data", data, "--forms", "1000", "--seed", "1",
                      "--out", f"{work}/g1000"], repeat=3)  # 227 MB written: disk-bound
    row(f"generate --forms 1000 ({t / 1000 * 1000:.2f} ms/form)", t, rss, None, "<= 2 s")
    t, rss = measure([exe, "generate", "--forms", "100", "--seed", "1", "--out", f"{work}/g100",
                      "--data", os.path.join(here, "..", "..")], repeat=1)
    row("generate --forms 100, shipped bank", t, rss, None, "")
    # The floor reads the YAML answer files in chunks to stay under the argument limit.
    # Best of three, like every other figure here: the first pass also warms the page cache.
    fyt = None
    for _ in range(3):
        t0 = time.perf_counter()
        for i in range(0, len(yamls), 5000):
            subprocess.run([floor, *yamls[i:i + 5000]], check=True, stdout=subprocess.DEVNULL)
        fyt = min(fyt or 1e9, time.perf_counter() - t0)
    # Each answer format twice: the gradebook alone (--outputs csv: read, score, one CSV row
    # per student), then every output but the study sheets (adds the workbook and
    # results.yaml, whose writing the parse floor does not include).
    # The CSV runs take a fifth of a second: best of five on both sides, as one slow run on a
    # shared machine moves the ratio by a tenth.
    fct, _ = measure([floor, f"{answers}/class.csv"], repeat=5)
    flt, _ = measure([floor, "--letters", f"{answers}/class.csv"], repeat=5)  # + cells as letters
    for label, src, fl in ((f"{len(yamls)} YAML files", f"{answers}/yaml", fyt),
                           (f"{a.students}-row CSV", f"{answers}/class.csv", fct)):
        base = [exe, "grade", "--key", f"{work}/exam/key.yaml", "--out", f"{work}/g-{src[-4:]}"]
        t, rss = measure(base + ["--outputs", "csv", src], repeat=5 if src.endswith(".csv") else 2)
        row(f"grade {label}, gradebook only", t, rss, fl, "<= 2x floor")
        t, rss = measure(base + ["--no-study", src], repeat=1)
        row(f"grade {label}, + workbook, results.yaml", t, rss, fl, "")
    head = f"{a.students // 10}"
    with open(f"{answers}/class.csv") as f, open(f"{work}/c10.csv", "w") as g:
        for i, line in enumerate(f):
            if i > a.students // 10:
                break
            g.write(line)
    t, rss = measure([exe, "grade", "--key", f"{work}/exam/key.yaml", "--out", f"{work}/gs",
                      "--data", data, f"{work}/c10.csv"], repeat=1)
    row(f"grade {head}-row CSV with study sheets", t, rss, None, "")
    print(f"\n{'what':52} {'seconds':>8} {'RSS MiB':>8} {'floor s':>8} {'ratio':>6}  target")
    for what, t, rss, fl, target in rows:
        ratio = f"{t / fl:.2f}" if fl else ""
        fls = f"{fl:.3f}" if fl else ""
        print(f"{what:52} {t:8.3f} {rss:8.1f} {fls:>8} {ratio:>6}  {target}")
    csv_row = next(r for r in rows if r[0].endswith("CSV, gradebook only"))
    print(f"CSV floor that also reads each cell as letters: {flt:.3f} s "
          f"(grade, gradebook only: {csv_row[1] / flt:.2f}x of it)")
    print(f"floor peak RSS (bank parse): {frss:.1f} MiB; machine: {os.cpu_count()} cores")

if __name__ == "__main__":
    main()
