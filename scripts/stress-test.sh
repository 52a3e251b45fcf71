#!/usr/bin/env bash
# Runs tests over and over while the machine is loaded, to catch verdicts that
# depend on how fast or busy the machine is (docs/testing.md).
#
#   scripts/stress-test.sh [--full] [--repeat N] [--build DIR] [--jobs J] [--no-load]
#
# Default: the tests labelled `timed` (CMakeLists.txt, BERTH_TIMED_TESTS),
# each repeated until it fails, at most N times (ctest --repeat until-fail:N).
# --full: the whole suite N times in a row, stopping at the first red run, and
# prints how many consecutive runs passed.
# The load is Debian's stress-ng (installed when missing): CPU, I/O and memory
# workers in the background for as long as the tests run, stopped at the end.
set -euo pipefail

repeat=20
build=build
jobs=$(nproc)
full=0
load=1
while [ $# -gt 0 ]; do
  case "$1" in
    --full) full=1 ;;
    --repeat) repeat=$2; shift ;;
    --build) build=$2; shift ;;
    --jobs) jobs=$2; shift ;;
    --no-load) load=0 ;;
    *) echo "usage: $0 [--full] [--repeat N] [--build DIR] [--jobs J] [--no-load]" >&2; exit 2 ;;
  esac
  shift
done
case "$repeat" in '' | *[!0-9]* | 0) echo "stress-test: --repeat takes a positive count, not '$repeat'" >&2; exit 2 ;; esac
[ -f "$build/CTestTestfile.cmake" ] || { echo "stress-test: no ctest tree in $build; run make build first" >&2; exit 2; }

stress_pid=
stop_load() {
  if [ -n "$stress_pid" ]; then
    kill "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
    stress_pid=
  fi
}
trap stop_load EXIT INT TERM

if [ "$load" = 1 ]; then
  if ! command -v stress-ng >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "stress-test: stress-ng is missing; run: sudo apt-get install -y stress-ng" >&2
      exit 1
    fi
    echo "stress-test: installing stress-ng" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends stress-ng >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends stress-ng >/dev/null; }
  fi
  # Two CPU hogs for the two cores, one I/O (sync) worker and one worker
  # touching 1 GiB; --timeout bounds it even if this script is killed hard.
  stress-ng --cpu 2 --io 1 --vm 1 --vm-bytes 1G --timeout 6h --quiet &
  stress_pid=$!
  echo "stress-test: stress-ng running (pid $stress_pid): --cpu 2 --io 1 --vm 1 --vm-bytes 1G" >&2
fi

cd "$build"
if [ "$full" = 0 ]; then
  echo "stress-test: the timed tests, each up to $repeat times until it fails, -j $jobs" >&2
  start=$(date +%s)
  if ctest -L timed --repeat until-fail:"$repeat" -j "$jobs" --timeout 900 --output-on-failure; then
    echo "stress-test: every timed test passed $repeat times in a row under load ($(($(date +%s) - start)) s)"
  else
    echo "stress-test: a timed test FAILED under load (see above)" >&2
    exit 1
  fi
else
  passes=0
  for i in $(seq 1 "$repeat"); do
    start=$(date +%s)
    if ctest -j "$jobs" --timeout 900 --output-on-failure >"stress-full-$i.log" 2>&1; then
      passes=$((passes + 1))
      echo "stress-test: full suite run $i passed ($(($(date +%s) - start)) s; $(grep -Eo 'tests passed, [0-9]+ tests failed out of [0-9]+' "stress-full-$i.log" | tail -1))"
      rm -f "stress-full-$i.log"
    else
      echo "stress-test: full suite run $i FAILED after $passes consecutive passes; log: $build/stress-full-$i.log" >&2
      grep -A3 "The following tests FAILED" "stress-full-$i.log" >&2 || true
      exit 1
    fi
  done
  echo "stress-test: $passes consecutive full-suite passes under load"
fi
