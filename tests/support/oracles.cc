#include "support/oracles.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

namespace berth::testing {
namespace {

// Runs `command` through the shell; its stdout (trailing newlines dropped)
// when it exits 0, "" otherwise.
std::string OutputOf(const std::string& command) {
  FILE* f = ::popen(command.c_str(), "r");
  if (f == nullptr) return "";
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
  if (::pclose(f) != 0) return "";
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string Quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// pyenv's (the newest botocore) first, then Debian's.
constexpr const char* kPythons[] = {"python3", "/usr/bin/python3"};

// sys.executable of `python` when it can import `module`, else "". The
// interpreter's own path, not the name: a pyenv shim needs PATH to find its
// interpreter, and tests run children with an environment of their own.
std::string ExecutableIfItImports(const char* python, std::string_view module) {
  return OutputOf(fmt::format("{} -c {} 2>/dev/null", python,
                              Quoted(fmt::format("import sys, {}; print(sys.executable)", module))));
}

}  // namespace

std::string_view OracleName(Oracle oracle) {
  switch (oracle) {
    case Oracle::kPython: return "PYTHON3";
    case Oracle::kAwsCli: return "AWS CLI";
    case Oracle::kBoto3: return "BOTO3";
    case Oracle::kBotocore: return "BOTOCORE";
    case Oracle::kMoto: return "MOTO";
    case Oracle::kCfnLint: return "CFN-LINT";
  }
  return "ORACLE";
}

std::string_view OracleInstallHint(Oracle oracle) {
  switch (oracle) {
    case Oracle::kPython: return "`apt-get install python3` (scripts/install-deps.sh does)";
    case Oracle::kAwsCli: return "`apt-get install awscli` (scripts/install-deps.sh does)";
    case Oracle::kBoto3: return "`apt-get install python3-boto3` (scripts/install-deps.sh does) or `pip install boto3`";
    case Oracle::kBotocore:
      return "`apt-get install python3-botocore` (scripts/install-deps.sh does) or `pip install botocore`";
    case Oracle::kMoto:
      return "`pip install 'moto[server]'` into the `python3` on PATH (Debian 12 has no moto package)";
    case Oracle::kCfnLint:
      return "`pip install cfn-lint` into the `python3` on PATH (Debian 12 has no cfn-lint package)";
  }
  return "";
}

bool OraclesRequired() {
  const char* v = std::getenv("BERTH_REQUIRE_ORACLES");
  return v != nullptr && *v != '\0' && std::string_view(v) != "0";
}

std::string OracleUnavailableMessage(Oracle oracle, std::string_view detail) {
  return fmt::format("{} NOT AVAILABLE: {}; install: {}{}", OracleName(oracle), detail, OracleInstallHint(oracle),
                     OraclesRequired() ? " (a failure, not a skip: BERTH_REQUIRE_ORACLES is set)" : "");
}

std::string FindOnPath(std::string_view name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr || name.empty()) return "";
  std::string_view rest = path;
  while (true) {
    size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    if (!dir.empty()) {
      std::filesystem::path candidate = std::filesystem::path(dir) / name;
      if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) {
        return candidate.string();
      }
    }
    if (colon == std::string_view::npos) return "";
    rest.remove_prefix(colon + 1);
  }
}

bool PythonCanImport(const std::string& python, std::string_view module) {
  return !OutputOf(fmt::format("{} -c {} 2>/dev/null", Quoted(python),
                               Quoted(fmt::format("import {}; print('ok')", module))))
              .empty();
}

std::string FindPythonWith(std::string_view module) {
  for (const char* python : kPythons) {
    if (std::string exe = ExecutableIfItImports(python, module); !exe.empty()) return exe;
  }
  return "";
}

std::vector<std::string> PythonsWith(std::string_view module) {
  std::vector<std::string> found;
  for (const char* python : kPythons) {
    std::string exe = ExecutableIfItImports(python, module);
    if (!exe.empty() && std::find(found.begin(), found.end(), exe) == found.end()) found.push_back(exe);
  }
  return found;
}

std::string FindCommand(std::string_view name) {
  for (std::string path : {FindOnPath(name), "/usr/bin/" + std::string(name)}) {
    // A pyenv shim is on PATH even when its Python lacks the package: ask it.
    if (!path.empty() && !OutputOf(Quoted(path) + " --version 2>&1").empty()) return path;
  }
  return "";
}

}  // namespace berth::testing
