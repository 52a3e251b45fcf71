#include "support/oracles.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "core/temp_dir.h"
#include "support/scoped_env.h"

namespace berth::testing {
namespace {

TEST(OraclesTest, OnlyANonZeroBerthRequireOraclesMakesThemRequired) {
  {
    ScopedEnv unset("BERTH_REQUIRE_ORACLES", nullptr);
    EXPECT_FALSE(OraclesRequired());
  }
  for (const char* off : {"", "0"}) {
    ScopedEnv env("BERTH_REQUIRE_ORACLES", off);
    EXPECT_FALSE(OraclesRequired()) << "'" << off << "'";
  }
  for (const char* on : {"1", "yes"}) {
    ScopedEnv env("BERTH_REQUIRE_ORACLES", on);
    EXPECT_TRUE(OraclesRequired()) << on;
  }
}

TEST(OraclesTest, TheMessageNamesTheOracleWhatWasMissingAndHowToInstallIt) {
  ScopedEnv unset("BERTH_REQUIRE_ORACLES", nullptr);
  std::string skip = OracleUnavailableMessage(Oracle::kMoto, "no python3 can import moto.server");
  EXPECT_EQ(skip.rfind("MOTO NOT AVAILABLE: no python3 can import moto.server; install: ", 0), 0u) << skip;
  EXPECT_NE(skip.find("pip install 'moto[server]'"), std::string::npos) << skip;
  EXPECT_EQ(skip.find("BERTH_REQUIRE_ORACLES"), std::string::npos) << skip;

  ScopedEnv required("BERTH_REQUIRE_ORACLES", "1");
  std::string fail = OracleUnavailableMessage(Oracle::kAwsCli, "no aws");
  EXPECT_NE(fail.find("apt-get install awscli"), std::string::npos) << fail;
  EXPECT_NE(fail.find("a failure, not a skip"), std::string::npos) << fail;
}

TEST(OraclesTest, EveryOracleHasANameAndAnInstallHint) {
  for (Oracle o :
       {Oracle::kPython, Oracle::kAwsCli, Oracle::kBoto3, Oracle::kBotocore, Oracle::kMoto, Oracle::kCfnLint}) {
    EXPECT_FALSE(OracleName(o).empty());
    EXPECT_NE(OracleInstallHint(o).find("install"), std::string_view::npos) << OracleName(o);
  }
}

TEST(OraclesTest, FindOnPathFindsExecutablesOnlyInPathDirectories) {
  ScopedEnv path("PATH", "/nonexistent-berth-dir::/bin:/usr/bin");
  std::string sh = FindOnPath("sh");
  EXPECT_TRUE(sh == "/bin/sh" || sh == "/usr/bin/sh") << sh;
  EXPECT_EQ(FindOnPath("berth-no-such-program"), "");
  EXPECT_EQ(FindOnPath(""), "");
  ScopedEnv none("PATH", nullptr);
  EXPECT_EQ(FindOnPath("sh"), "");
}

TEST(OraclesTest, ACommandCountsOnlyWhenItAnswersVersion) {
  TempDir dir("berth-oracles");
  ASSERT_TRUE(dir.ok());
  auto script = [&](const std::string& name, const std::string& body) {
    std::string path = dir.path() + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
  };
  script("berth-oracle-ok", "echo 'berth-oracle-ok 1.0'");
  // What a pyenv shim does when its Python lacks the package.
  script("berth-oracle-shim", "echo 'pyenv: berth-oracle-shim: command not found' >&2; exit 127");
  ScopedEnv path("PATH", (dir.path() + ":/usr/bin:/bin").c_str());
  EXPECT_EQ(FindCommand("berth-oracle-ok"), dir.path() + "/berth-oracle-ok");
  EXPECT_EQ(FindCommand("berth-oracle-shim"), "");
  EXPECT_EQ(FindCommand("berth-no-such-program"), "");
}

TEST(OraclesTest, AnInterpreterIsReportedByItsOwnPathOnlyWhenItCanImportTheModule) {
  std::string python = FindPythonWith("sys");
  if (python.empty()) BERTH_ORACLE_UNAVAILABLE(Oracle::kPython, "neither `python3` on PATH nor /usr/bin/python3 runs");
  EXPECT_EQ(python.front(), '/') << python;
  EXPECT_TRUE(PythonCanImport(python, "json"));
  EXPECT_FALSE(PythonCanImport(python, "berth_no_such_module"));
  EXPECT_EQ(FindPythonWith("berth_no_such_module"), "");
  EXPECT_TRUE(PythonsWith("berth_no_such_module").empty());
  std::vector<std::string> all = PythonsWith("sys");
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front(), python);
}

}  // namespace
}  // namespace berth::testing
