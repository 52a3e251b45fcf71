// Tests of the credential sources that need no network: environment,
// profile keys and credential_process.
#include <pthread.h>
#include <signal.h>

#include <gtest/gtest.h>

#include "aws/auth/credentials_env.h"
#include "aws/auth/credentials_process.h"
#include "aws/auth/credentials_profile.h"
#include "core/log.h"
#include "core/timestamp.h"
#include "support/credentials_fixtures.h"

namespace berth::aws {
namespace {

TEST(EnvironmentCredentialsTest, ReadsKeysTokenAndExpiration) {
  MapEnvironment env;
  env.Set("AWS_ACCESS_KEY_ID", "AKIAENV");
  env.Set("AWS_SECRET_ACCESS_KEY", "envsecret1234");
  env.Set("AWS_SESSION_TOKEN", "envtoken1234");
  env.Set("AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z");
  EnvironmentCredentialSource src(env);
  std::string why;
  auto r = src.Fetch(&why);
  ASSERT_TRUE(r.ok() && r->has_value()) << r.status().ToString();
  EXPECT_EQ((*r)->access_key_id, "AKIAENV");
  EXPECT_EQ((*r)->session_token, "envtoken1234");
  EXPECT_EQ(FormatIso8601(*(*r)->expiration), "2030-01-02T03:04:05Z");
  EXPECT_EQ(Redact("x envsecret1234 envtoken1234"), "x **** ****");
}

TEST(EnvironmentCredentialsTest, AcceptsTheLegacySecurityToken) {
  MapEnvironment env;
  env.Set("AWS_ACCESS_KEY_ID", "AKIAENV");
  env.Set("AWS_SECRET_ACCESS_KEY", "envsecret");
  env.Set("AWS_SECURITY_TOKEN", "legacytoken");
  std::string why;
  auto r = EnvironmentCredentialSource(env).Fetch(&why);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->session_token, "legacytoken");
}

TEST(EnvironmentCredentialsTest, IsSkippedWhenUnsetAndAnErrorWhenHalfSet) {
  MapEnvironment env;
  std::string why;
  auto r = EnvironmentCredentialSource(env).Fetch(&why);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  EXPECT_NE(why.find("AWS_ACCESS_KEY_ID"), std::string::npos);
  env.Set("AWS_ACCESS_KEY_ID", "AKIA");
  auto half = EnvironmentCredentialSource(env).Fetch(&why);
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.status().code(), StatusCode::kCredentials);
}

TEST(EnvironmentCredentialsTest, BadExpirationIsACredentialsError) {
  MapEnvironment env;
  env.Set("AWS_ACCESS_KEY_ID", "AKIA");
  env.Set("AWS_SECRET_ACCESS_KEY", "s3cr3tvalue");
  env.Set("AWS_CREDENTIAL_EXPIRATION", "tomorrow");
  std::string why;
  EXPECT_EQ(EnvironmentCredentialSource(env).Fetch(&why).status().code(), StatusCode::kCredentials);
}

TEST(ProfileCredentialsTest, ReadsEachFileSeparately) {
  auto files = ParseConfigFiles("[profile dev]\naws_access_key_id = CFGKEY\naws_secret_access_key = cfgsecret\n", "cfg",
                                "[dev]\naws_access_key_id = CREDKEY\naws_secret_access_key = credsecret\n"
                                "aws_session_token = credtoken\n",
                                "creds");
  ASSERT_TRUE(files.ok());
  std::string why;
  auto c = ProfileCredentialSource(*files, "dev", SharedFile::kCredentials).Fetch(&why);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->access_key_id, "CREDKEY");
  EXPECT_EQ((*c)->session_token, "credtoken");
  auto k = ProfileCredentialSource(*files, "dev", SharedFile::kConfig).Fetch(&why);
  ASSERT_TRUE(k.ok() && k->has_value());
  EXPECT_EQ((*k)->access_key_id, "CFGKEY");
  auto none = ProfileCredentialSource(*files, "prod", SharedFile::kConfig).Fetch(&why);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(ProfileCredentialsTest, KeyWithoutSecretIsACredentialsError) {
  auto files = ParseConfigFiles("", "cfg", "[dev]\naws_access_key_id = K\n", "creds");
  std::string why;
  auto r = ProfileCredentialSource(*files, "dev", SharedFile::kCredentials).Fetch(&why);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_NE(r.status().message().find("aws_secret_access_key"), std::string::npos);
}

TEST(SplitCommandLineTest, SplitsLikeAPosixShell) {
  auto r = SplitCommandLine(R"(/bin/tool --a 'b c' "d \"e\" \$f" g\ h  'it''s')");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<std::string>{"/bin/tool", "--a", "b c", "d \"e\" $f", "g h", "its"}));
  EXPECT_EQ(SplitCommandLine("a 'b").status().code(), StatusCode::kConfig);
  EXPECT_EQ(SplitCommandLine("a \"b").status().code(), StatusCode::kConfig);
  EXPECT_TRUE(SplitCommandLine("   ")->empty());
}

class ProcessCredentialsTest : public ::testing::Test {
 protected:
  // The default timeout only has to outlast a shell script that echoes, on
  // however loaded a machine; the timeout test passes its own.
  Result<std::optional<Credentials>> Run(std::string_view script,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
    std::string path = dir_.Write("cred.sh", "#!/bin/sh\n" + std::string(script), true);
    files_ = *ParseConfigFiles("[profile p]\ncredential_process = " + path + " 'arg one'\n", "cfg", "", "creds");
    std::string why;
    return ProcessCredentialSource(files_, "p", timeout).Fetch(&why);
  }
  testing::TempDir dir_;
  ConfigFiles files_;
};

TEST_F(ProcessCredentialsTest, ReadsVersionOneJsonAndPassesArguments) {
  auto r = Run(R"(test "$1" = "arg one" || exit 3
echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2030-01-01T00:00:00Z"}')");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->access_key_id, "AKIAPROC");
  EXPECT_EQ((*r)->session_token, "proctoken");
  EXPECT_TRUE((*r)->expiration.has_value());
  EXPECT_EQ(Redact("procsecret"), "****");
}

TEST_F(ProcessCredentialsTest, SessionTokenAndExpirationAreOptional) {
  auto r = Run(R"(echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "procsecret"}')");
  ASSERT_TRUE(r.ok() && r->has_value()) << r.status().ToString();
  EXPECT_FALSE((*r)->expiration.has_value());
  EXPECT_TRUE((*r)->session_token.empty());
}

TEST_F(ProcessCredentialsTest, FailureReportsExitStatusAndStderr) {
  auto r = Run("echo 'token expired, run sso login' >&2\nexit 4\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_NE(r.status().message().find("status 4"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("run sso login"), std::string::npos);
}

TEST_F(ProcessCredentialsTest, NonJsonOutputIsNotEchoed) {
  auto r = Run("echo 'AccessKey=AKIA SecretKey=hunter2hunter2'\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(r.status().message().find("hunter2"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("JSON"), std::string::npos);
}

TEST_F(ProcessCredentialsTest, OtherVersionsAreRejected) {
  auto r = Run(R"(echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "B"}')");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Version"), std::string::npos);
}

TEST_F(ProcessCredentialsTest, MissingSecretIsACredentialsError) {
  auto r = Run(R"(echo '{"Version": 1, "AccessKeyId": "A"}')");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("SecretAccessKey"), std::string::npos);
}

TEST_F(ProcessCredentialsTest, HangingProcessIsKilledAfterTheTimeout) {
  auto r = Run("exec sleep 30\n", std::chrono::milliseconds(200));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_NE(r.status().message().find("did not finish"), std::string::npos) << r.status().message();
}

TEST_F(ProcessCredentialsTest, MissingCommandIsACredentialsError) {
  files_ = *ParseConfigFiles("[profile p]\ncredential_process = /nonexistent/berth-helper\n", "cfg", "", "creds");
  std::string why;
  auto r = ProcessCredentialSource(files_, "p").Fetch(&why);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
}

// berth blocks SIGINT/SIGTERM in its threads and ignores SIGPIPE; the child
// must start with neither blocked nor ignored signals, or Ctrl-C could not
// reach a hanging credential_process.
TEST(RunProcessTest, TheChildStartsWithNoBlockedOrIgnoredSignals) {
  sigset_t block, saved;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &block, &saved), 0);
  struct sigaction ignore {
  }, saved_pipe{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(sigaction(SIGPIPE, &ignore, &saved_pipe), 0);
  // grep itself reads /proc/self: no shell in between (dash resets its mask).
  auto r = RunProcess({"grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status"}, std::chrono::seconds(10));
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  sigaction(SIGPIPE, &saved_pipe, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Each line is a hex mask; bit n-1 stands for signal n.
  auto mask = [&](const std::string& field) -> uint64_t {
    size_t at = r->stdout_text.find(field + ":\t");
    if (at == std::string::npos) return ~uint64_t{0};
    return std::stoull(r->stdout_text.substr(at + field.size() + 2, 16), nullptr, 16);
  };
  for (int sig : {SIGINT, SIGTERM, SIGPIPE}) {
    const uint64_t bit = uint64_t{1} << (sig - 1);
    EXPECT_EQ(mask("SigBlk") & bit, 0u) << "signal " << sig << " blocked in the child: " << r->stdout_text;
    EXPECT_EQ(mask("SigIgn") & bit, 0u) << "signal " << sig << " ignored in the child: " << r->stdout_text;
  }
}

}  // namespace
}  // namespace berth::aws
