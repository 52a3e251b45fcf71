#include "support/sim_cli_fixture.h"

#include <cstdio>

#include "support/oracles.h"

namespace berth::testing {

nlohmann::json CliResult::json() const {
  nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

void SimAwsCliFixture::SetUp() {
  aws_ = FindCommand("aws");
  if (aws_.empty()) BERTH_ORACLE_UNAVAILABLE(Oracle::kAwsCli, "no `aws` on PATH or in /usr/bin answers --version");
  sim::SimOptions o;
  o.time_scale = 0;
  o.rate_limits = false;
  o.seed = "demo";
  auto started = sim::Simulator::Start(o);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  sim_ = std::move(started).value();
}

void SimAwsCliFixture::TearDown() {
  if (sim_) sim_->Stop();
}

CliResult SimAwsCliFixture::Shell(const std::string& cmd) {
  CliResult r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) {
    r.rc = -1;
    return r;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.rc = pclose(p);
  return r;
}

CliResult SimAwsCliFixture::Run(const std::string& args) {
  return Shell(std::string("AWS_ACCESS_KEY_ID=AKIDSIMULATOR AWS_SECRET_ACCESS_KEY=berth-simulator-secret "
                           "AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null "
                           "AWS_SHARED_CREDENTIALS_FILE=/dev/null ") +
               aws_ + " --output json --endpoint-url " + sim_->endpoint() + " " + args);
}

nlohmann::json SimAwsCliFixture::Ok(const std::string& args) {
  CliResult r = Run(args);
  EXPECT_EQ(r.rc, 0) << args << "\n" << r.out;
  return r.json();
}

void SimAwsCliFixture::Refused(const std::string& args, const std::string& code, const std::string& text) {
  CliResult r = Run(args);
  EXPECT_NE(r.rc, 0) << args << "\n" << r.out;
  EXPECT_NE(r.out.find("(" + code + ")"), std::string::npos) << args << "\n" << r.out;
  EXPECT_NE(r.out.find(text), std::string::npos) << args << "\n" << r.out;
}

}  // namespace berth::testing
