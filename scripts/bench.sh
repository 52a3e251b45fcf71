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
"$build/berth_bench" "${@:2}"
echo
echo "== SigV4: berth vs botocore on the same 1,000 requests"
"$here/bench_sigv4.py" "$build" 1000
