#!/usr/bin/env bash
# `make bench`: runs berth's Google Benchmark binary, then the SigV4
# side-by-side against botocore (scripts/bench_sigv4.py). $1 is the build dir.
set -euo pipefail
build="${1:-build}"
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$build/berth_bench" ]; then
  echo "bench.sh: $build/berth_bench not found; build first (make build)" >&2
  exit 1
fi
echo "== berth_bench (Google Benchmark)"
# The simulator's scale run takes minutes and reports per-process peak RSS, so it
# runs alone, after the rest (docs/benchmarks.md, "Simulator").
"$build/berth_bench" --benchmark_filter='-BM_SimScaleWorld' "${@:2}"
echo
echo "== Simulator scale: 2,000 services / 20,000 tasks (peak RSS must stay <= 500 MiB)"
"$build/berth_bench" --benchmark_filter='BM_SimScaleWorld'
echo
echo "== SigV4: berth vs botocore on the same 1,000 requests"
"$here/bench_sigv4.py" "$build" 1000
