// Oracles: the implementations berth did not write that conformance tests
// hold it against (the AWS CLI, boto3 and botocore, moto, cfn-lint), how to
// find them, and the one rule for when one is missing.
//
// The rule: a test whose oracle is missing ends through
// BERTH_ORACLE_UNAVAILABLE, which says what is missing and how to install it.
// On a developer's machine that is a loud skip; with BERTH_REQUIRE_ORACLES=1
// in the environment (.ci/run sets it) it is a failure, so CI can never pass
// by quietly skipping the tests that compare berth with the outside world.
//
// Interpreters are looked for as `python3` on PATH (pyenv's, with the newest
// botocore), then Debian's /usr/bin/python3, and returned as the absolute
// path Python reports (sys.executable), so a caller can run it without PATH.
//
// Thread-safety: the functions only read the environment and run short-lived
// processes; call them from the test's own thread.
#pragma once

#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace berth::testing {

enum class Oracle { kPython, kAwsCli, kBoto3, kBotocore, kMoto, kCfnLint };

// "AWS CLI", "boto3", ... as the skip and failure messages name it.
std::string_view OracleName(Oracle oracle);
// How to get it onto a Debian machine (or into pyenv's Python where Debian has no package).
std::string_view OracleInstallHint(Oracle oracle);

// True when BERTH_REQUIRE_ORACLES is set to anything but "" or "0".
bool OraclesRequired();

// "<NAME> NOT AVAILABLE: <detail>; install: <hint>", plus the consequence
// under BERTH_REQUIRE_ORACLES.
std::string OracleUnavailableMessage(Oracle oracle, std::string_view detail);

// The absolute path of an executable `name` in a PATH directory, or "".
std::string FindOnPath(std::string_view name);

// Whether `python` (a path, or a name looked up on PATH) can import `module`.
bool PythonCanImport(const std::string& python, std::string_view module);
// sys.executable of the first of `python3` on PATH and /usr/bin/python3 that
// can import `module` ("sys" for any Python at all), or "".
std::string FindPythonWith(std::string_view module);
// Each distinct interpreter of those two that can import `module`: on a
// machine with pyenv, pyenv's and Debian's (two botocore generations).
std::vector<std::string> PythonsWith(std::string_view module);

// A command line oracle that answers `NAME --version` ("aws", "cfn-lint"):
// NAME on PATH, then /usr/bin/NAME; or "".
std::string FindCommand(std::string_view name);

}  // namespace berth::testing

// Ends the current test function (a TEST body or SetUp) because `oracle` is
// missing; `detail` says what was looked for. A skip, or a failure under
// BERTH_REQUIRE_ORACLES=1. Either way the message is printed on stderr too,
// where a skip is easy to miss otherwise.
#define BERTH_ORACLE_UNAVAILABLE(oracle, detail)                                                              \
  do {                                                                                                        \
    const std::string berth_oracle_message_ = ::berth::testing::OracleUnavailableMessage((oracle), (detail)); \
    std::cerr << "\n!!!!! " << berth_oracle_message_ << "\n\n";                                               \
    if (::berth::testing::OraclesRequired()) GTEST_FAIL() << berth_oracle_message_;                           \
    GTEST_SKIP() << berth_oracle_message_;                                                                    \
  } while (0)
