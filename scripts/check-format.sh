#!/usr/bin/env bash
# Checks (or, with --fix, applies) .clang-format on every C++ file git tracks
# or would track under src/ and tests/. CI runs it from `make test`; a file
# that is not formatted fails the run with the list of files and the fix.
# Pinned to Debian 12's clang-format 14: another major version formats a few
# constructs differently, so the check would flap between machines.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$fmt" ]; then
  echo "check-format: clang-format is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
# A file deleted in the work tree but not yet staged is still in the index:
# keep only the files that exist.
files=$(git ls-files --cached --others --exclude-standard -- 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' |
  while read -r f; do [ -f "$f" ] && echo "$f"; done)
if [ "${1:-}" = "--fix" ]; then
  echo "$files" | xargs "$fmt" -i
  exit 0
fi
# One run over every file; its warnings name the files and lines that differ.
if ! out=$(echo "$files" | xargs "$fmt" --dry-run --Werror 2>&1); then
  echo "check-format: these files differ from .clang-format:" >&2
  echo "$out" | grep -oE '^[^:]+\.(cc|h):' | sort -u | sed 's/:$//; s/^/  /' >&2
  echo "run: make format" >&2
  exit 1
fi
echo "check-format: $(echo "$files" | wc -l) files formatted"
