#!/usr/bin/env python3
"""Fail if any C source or header is not formatted as .clang-format says.
usage: check_format.py CLANG_FORMAT REPO"""
import glob, os, subprocess, sys
clang_format, repo = sys.argv[1], sys.argv[2]
files = sorted(f for pat in ("src/**/*.c", "src/**/*.h", "include/**/*.h", "tests/**/*.c",
                             "tests/**/*.h")
               for f in glob.glob(os.path.join(repo, pat), recursive=True))
bad = []
for f in files:
    want = subprocess.run([clang_format, "--style=file", f], capture_output=True, check=True,
                          cwd=repo).stdout
    if want != open(f, "rb").read():
        bad.append(os.path.relpath(f, repo))
for f in bad:
    print(f"not formatted: {f} (run: clang-format -i {f})")
print(f"{len(files) - len(bad)} passed, {len(bad)} failed")
sys.exit(1 if bad or not files else 0)
