#!/usr/bin/env python3
"""Run the end-to-end CLI cases: each folder under CASES holds `cmd` (the arguments, one line,
shell-quoted), its input files, and `expected_exit`, `expected_stderr`, `expected_stdout`.
The binary runs inside the case folder with LC_ALL=C; `expected_absent` lists paths that
must not exist afterwards (e.g. an output folder after a refused run). EF_UPDATE_GOLDEN=1 rewrites the
expected files from the actual output (review those diffs like code).
usage: run_cases.py EXAMFORGE CASES_DIR [CASE...]"""
import os, shlex, shutil, subprocess, sys

def main():
    exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    only = set(sys.argv[3:])
    update = os.environ.get("EF_UPDATE_GOLDEN") == "1"
    env = {k: v for k, v in os.environ.items() if k != "EXAMFORGE_DATA"}
    # EF_WRAPPER runs every case under a tool, e.g. valgrind with --error-exitcode=99: an
    # error the tool finds changes the exit code, so the case fails.
    wrapper = shlex.split(os.environ.get("EF_WRAPPER", ""))
    env["LC_ALL"] = "C"
    cases = sorted(d for d in os.listdir(root)
                   if not d.startswith("_") and os.path.isdir(os.path.join(root, d)))
    failed = 0
    ran = 0
    for case in cases:
        if only and case not in only:
            continue
        ran += 1
        d = os.path.join(root, case)
        shutil.rmtree(os.path.join(d, "out"), ignore_errors=True)  # outputs of an earlier run
        with open(os.path.join(d, "cmd"), encoding="utf-8") as f:
            args = shlex.split(f.read().strip())
        stdin = None
        if os.path.exists(os.path.join(d, "stdin")):
            stdin = open(os.path.join(d, "stdin"), "rb").read()
        p = subprocess.run(wrapper + [exe] + args, cwd=d, env=env, input=stdin,
                           capture_output=True, timeout=600)
        actual = {"expected_exit": f"{p.returncode}\n".encode(),
                  "expected_stderr": p.stderr, "expected_stdout": p.stdout}
        problems = []
        absent = os.path.join(d, "expected_absent")
        if os.path.exists(absent):  # paths the command must not have created
            for rel in open(absent, encoding="utf-8").read().split():
                if os.path.lexists(os.path.join(d, rel)):
                    problems.append(f"  {rel} exists but must not")
                    subprocess.run(["rm", "-rf", os.path.join(d, rel)])
        for name, data in actual.items():
            path = os.path.join(d, name)
            if update:
                if name == "expected_stdout" and not data and not os.path.exists(path):
                    continue
                with open(path, "wb") as f:
                    f.write(data)
                continue
            want = open(path, "rb").read() if os.path.exists(path) else b""
            if want != data:
                problems.append(f"  {name} differs:\n--- expected\n{want.decode(errors='replace')}"
                                f"--- actual\n{data.decode(errors='replace')}")
        if problems:
            failed += 1
            print(f"FAIL {case}: examforge {' '.join(args)}")
            print("\n".join(problems))
        else:
            print(f"ok   {case}")
    print(f"{ran - failed} passed, {failed} failed")
    return 1 if failed or not ran else 0

if __name__ == "__main__":
    sys.exit(main())
