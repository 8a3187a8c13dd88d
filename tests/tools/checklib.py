"""Shared by the end-to-end test scripts: count checks, print each failure, finish with the
'N passed, N failed' line that CI reads, and exit non-zero on any failure."""
import sys

class Checks:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def __call__(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failures.append(what)
            print("FAIL", what)
        return bool(cond)

    def finish(self):
        print(f"{self.passed} passed, {len(self.failures)} failed")
        sys.exit(1 if self.failures else 0)
