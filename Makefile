# Thin wrapper over CMake: `make demo` and `make test` do all set-up on a fresh Debian machine.
BUILD      ?= build
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
EXAMFORGE  := $(BUILD)/examforge
DEMO_OUT   ?= demo-out

# Debian packages: to build, and (in addition) to run the test suite.
BUILD_DEPS := gcc make cmake pkg-config libyaml-dev libcmark-dev libxlsxwriter-dev check \
              libcsv-dev libutf8proc-dev
TEST_DEPS  := python3 python3-yaml python3-openpyxl cmark clang-format valgrind chromium \
              poppler-utils fonts-dejavu-core fonts-liberation clang libclang-rt-14-dev

.PHONY: all deps test-deps build build-asan demo test bench fuzz fuzz-build clean

all: build

deps:
	@sh tests/tools/install-deps.sh $(BUILD_DEPS)

test-deps:
	@sh tests/tools/install-deps.sh $(BUILD_DEPS) $(TEST_DEPS)

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DEF_SANITIZE=address,undefined
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# The main job on the shipped default: validate the data, print two shuffled forms, then
# grade the sample class in examples/class (one file there is broken on purpose: the batch
# goes on, and grade exits 4 to say a record was skipped).
demo: build
	$(EXAMFORGE) check
	$(EXAMFORGE) generate --forms 2 --seed 2026 --out $(DEMO_OUT)/exam
	$(EXAMFORGE) grade --key $(DEMO_OUT)/exam/key.yaml --out $(DEMO_OUT)/grade \
	    examples/class; test $$? -eq 4
	@echo "exam forms:    $(DEMO_OUT)/exam/exam-A.html, exam-B.html (print them)"
	@echo "solutions:     $(DEMO_OUT)/exam/solutions-A.html, notes: $(DEMO_OUT)/exam/notes.html"
	@echo "report:        $(DEMO_OUT)/grade/report.xlsx"
	@echo "study sheets:  $(DEMO_OUT)/grade/study/*.html"

test: demo test-deps build-asan fuzz-build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L "unit|cli|e2e"
	/usr/bin/python3 tests/fuzz/run_fuzz.py $(FUZZ_BUILD)/tests . $(FUZZ_BUILD)/fuzz 30

# libFuzzer harnesses (clang, ASan + UBSan), each run FUZZ_SECONDS on a corpus seeded from
# the tests; `make test` runs them for 30 s each.
fuzz-build: test-deps
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEF_FUZZ=ON \
	    -DEF_SANITIZE=address,undefined,fuzzer-no-link
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz: fuzz-build
	/usr/bin/python3 tests/fuzz/run_fuzz.py $(FUZZ_BUILD)/tests . $(FUZZ_BUILD)/fuzz $(FUZZ_SECONDS)

# Speed and memory against the bare parse of the same files (tests/bench/run_bench.py).
bench: build test-deps
	/usr/bin/python3 tests/bench/run_bench.py $(EXAMFORGE) $(BUILD)/tests/bench_floor $(BUILD)/bench

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(DEMO_OUT)
