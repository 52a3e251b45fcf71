#!/usr/bin/env bash
# Bounded libFuzzer run over berth's request/response parsers (CI runs it
# from `make test`). Usage: scripts/fuzz.sh [SECONDS]   (default 60, shared
# between all targets). Builds build-fuzz with clang (only the fuzz targets
# and the src/core, src/http, src/aws, src/sim code they link), runs each src/**/*_fuzz.cc
# target on its seed corpus testdata/fuzz/<target>/, and exits non-zero on a
# crash, leak, timeout or out-of-memory, printing the reproducer path.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOTAL=${1:-60}
BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=${JOBS:-2}

TARGETS=()
for src in $(find src -name '*_fuzz.cc' | sort); do
  TARGETS+=("$(basename "$src" .cc)")
done
if [ ${#TARGETS[@]} -eq 0 ]; then echo "fuzz: no *_fuzz.cc targets"; exit 0; fi

if [ ! -f "$BUILD/build.ninja" ]; then
  # -O1 and line tables only: much faster to compile than -O2 -g, still fast to fuzz.
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Fuzz \
    -DCMAKE_C_FLAGS_FUZZ="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS_FUZZ="-O1 -gline-tables-only" \
    -DBERTH_FUZZ=ON -DBERTH_WERROR=OFF >/dev/null
fi
start=$(date +%s)
cmake --build "$BUILD" -j "$JOBS" --target "${TARGETS[@]}"
echo "fuzz: build took $(( $(date +%s) - start ))s"

PER=$(( TOTAL / ${#TARGETS[@]} ))
[ "$PER" -ge 1 ] || PER=1
OUT="$BUILD/fuzz-out"
mkdir -p "$OUT"
failed=0
for t in "${TARGETS[@]}"; do
  seeds="$ROOT/testdata/fuzz/$t"
  corpus="$OUT/$t-corpus"  # new inputs go here, never into the committed seeds
  artifacts="$OUT/$t-artifacts/"
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  dirs=("$corpus")
  [ -d "$seeds" ] && dirs+=("$seeds")
  echo "fuzz: $t for ${PER}s"
  if ! "$BUILD/$t" -max_total_time="$PER" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "${dirs[@]}" >"$OUT/$t.log" 2>&1; then
    failed=1
    tail -n 60 "$OUT/$t.log"
    for f in "$artifacts"*; do
      [ -e "$f" ] && echo "fuzz: $t FAILED; reproduce with: $BUILD/$t $f"
    done
    echo "fuzz: full log: $OUT/$t.log"
  else
    grep -E '^stat::(number_of_executed_units|new_units_added)|cov: ' "$OUT/$t.log" | tail -n 3 || true
  fi
done
exit $failed
