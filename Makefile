# The two Quick-start commands and the build behind them.
#   make demo   install deps, build, run berth's main job on the simulator
#   make test   install deps, build, run every test (what CI runs)
# Other targets: build, bench, asan, fuzz, format, format-check, stress-test,
# stress-test-full, clean.
#   make format        apply .clang-format to src/ and tests/
#   make format-check  fail when a file differs from .clang-format (`make test` runs it)
#   make fuzz   clang + libFuzzer/ASan/UBSan over the simulator's request
#               parsers and berth's response parsers (scripts/fuzz.sh, build
#               dir build-fuzz); `make test` runs it too, after ctest, for
#               FUZZ_SECONDS in total (0 skips it).
#   make stress-test       the tests labelled `timed` (CMakeLists.txt), each
#               repeated until it fails, at most STRESS_REPEAT times, while
#               stress-ng loads the machine (scripts/stress-test.sh)
#   make stress-test-full  the whole suite STRESS_REPEAT times in a row under
#               the same load, stopping at the first red run
BUILD ?= build
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
STRESS_REPEAT ?= 20

.PHONY: deps configure build demo test bench asan fuzz format format-check stress-test stress-test-full clean

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/berth demo

test: format-check build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600
	@if [ "$(FUZZ_SECONDS)" -gt 0 ]; then JOBS=$(JOBS) scripts/fuzz.sh $(FUZZ_SECONDS); fi

bench: build
	scripts/bench.sh $(BUILD)

asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBERTH_SANITIZE=ON
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) --timeout 900

format: deps
	scripts/check-format.sh --fix

format-check: deps
	scripts/check-format.sh

fuzz: deps
	JOBS=$(JOBS) scripts/fuzz.sh $(FUZZ_SECONDS)

stress-test: build
	scripts/stress-test.sh --build $(BUILD) --jobs $(JOBS) --repeat $(STRESS_REPEAT)

stress-test-full: build
	scripts/stress-test.sh --full --build $(BUILD) --jobs $(JOBS) --repeat $(STRESS_REPEAT)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
