#!/usr/bin/env bash
# Installs the Debian packages berth needs to build, test and benchmark.
# Idempotent: does nothing when everything is present. Runs apt-get as root;
# otherwise prints the sudo line to run.
set -euo pipefail

# Libraries: not CLI11 (libcli11-dev): berth parses its flags by hand
# (src/cli/args.h says why: global flags before and after the command, berth's
# own errors and exit code, and the compile time). yaml-cpp and libpq are not
# used yet but stay: the releases project file (YAML) and a PostgreSQL state
# store come next.
# Test oracles: zsh and fish load and run the completion scripts
# (src/cli/completion_test.cc; missing shells skip unless BERTH_REQUIRE_ORACLES=1).
packages=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libpugixml-dev libfmt-dev
  libsqlite3-dev libpq-dev libyaml-cpp-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format
  python3 python3-botocore python3-boto3 awscli curl
  zsh fish
)

# The test oracles Debian 12 does not package (moto, cfn-lint) come with the
# machine's pyenv Python; nothing here can install them (PyPI is out of reach),
# so say so early: tests that need them skip, or fail under
# BERTH_REQUIRE_ORACLES=1 as in CI (docs/testing.md).
check_python_oracles() {
  local module pkg python found
  for pair in "moto.server:moto[server]" "cfnlint:cfn-lint"; do
    module=${pair%%:*}
    pkg=${pair#*:}
    found=
    for python in python3 /usr/bin/python3; do
      if "$python" -c "import $module" >/dev/null 2>&1; then found=$python; break; fi
    done
    if [ -z "$found" ]; then
      echo "berth: no python3 on PATH (nor /usr/bin/python3) can import $module;" \
        "tests that use it will skip (fail under BERTH_REQUIRE_ORACLES=1): pip install '$pkg'" >&2
    fi
  done
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  check_python_oracles
  exit 0
fi

echo "berth: installing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "berth: not root; run this and try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
check_python_oracles
