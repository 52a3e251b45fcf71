// Ctrl-C and SIGTERM while berth waits, with real signals sent to the real
// binary following a deployment on the simulator: berth stops following,
// records the deployment as INTERRUPTED, says that ECS goes on and how to
// resume, and exits 130 (SIGINT) or 143 (SIGTERM); a second signal exits at
// once. Every step waits for what berth prints, never for a length of time.
#include <signal.h>

#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/front/faults.h"
#include "support/berth_child.h"
#include "support/sim_env.h"

namespace berth::testing {
namespace {

using nlohmann::json;

// An image that takes a simulated week to start: no deployment of it
// finishes while a test runs, however slow the machine.
constexpr const char* kNeverReady = "registry.example.com/slow-forever:1";

std::vector<std::string> DeployNeverReady() {
  return {"deploy",          "--cluster", "demo",      "--service", "web", "--image", std::string("web=") + kNeverReady,
          "--poll-interval", "100ms",     "--timeout", "2h"};
}

json LastRecord(const SimEnv& env) {
  ProcessResult r = env.Berth({"status", "--cluster", "demo", "--service", "web", "--output", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  auto docs = ResultDocs(r.out);
  if (docs.empty() || docs.back()["berthDeployments"].empty()) return json();
  return docs.back()["berthDeployments"][0];
}

class SignalsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { env_.SetBehaviour("registry.example.com/slow-forever", "slow-start", 7 * 24 * 3600); }
  SimEnv env_;
};

TEST_F(SignalsE2eTest, CtrlCWhileFollowingRecordsTheDeploymentAsInterruptedAndSaysHowToResume) {
  BerthChild berth(DeployNeverReady(), env_.Env());
  ASSERT_TRUE(berth.WaitForOutput("following deployment")) << berth.out() << berth.err();
  berth.Signal(SIGINT);
  ProcessResult r = berth.Wait();
  ASSERT_FALSE(r.signaled) << "berth must handle the signal, not die of it";
  EXPECT_EQ(r.exit_code, 130) << r.all();
  EXPECT_NE(r.out.find("ECS goes on deploying it"), std::string::npos) << r.all();
  size_t at = r.out.find("berth wait --cluster demo --service web --deployment ecs-svc/");
  ASSERT_NE(at, std::string::npos) << r.all();

  json record = LastRecord(env_);
  EXPECT_EQ(record["outcome"], "INTERRUPTED") << record.dump();
  EXPECT_EQ(record["kind"], "deploy");

  // The printed line resumes following the same deployment, and its verdict
  // replaces INTERRUPTED in the record.
  std::string resume = r.out.substr(at, r.out.find('\n', at) - at);
  std::vector<std::string> args;
  for (size_t pos = std::string("berth ").size(); pos < resume.size();) {
    size_t end = resume.find(' ', pos);
    if (end == std::string::npos) end = resume.size();
    args.push_back(resume.substr(pos, end - pos));
    pos = end + 1;
  }
  args.insert(args.end(), {"--timeout", "1s", "--poll-interval", "100ms"});
  ProcessResult resumed = env_.Berth(args);
  EXPECT_EQ(resumed.exit_code, 12) << resumed.all();  // still not done: a timeout, on the same deployment
  EXPECT_EQ(LastRecord(env_)["outcome"], "TIMED_OUT");
  EXPECT_EQ(LastRecord(env_)["deploymentId"], record["deploymentId"]);
}

TEST_F(SignalsE2eTest, SigtermWhileFollowingExits143WithTheSameRecord) {
  BerthChild berth(DeployNeverReady(), env_.Env());
  ASSERT_TRUE(berth.WaitForOutput("following deployment")) << berth.out() << berth.err();
  berth.Signal(SIGTERM);
  ProcessResult r = berth.Wait();
  ASSERT_FALSE(r.signaled);
  EXPECT_EQ(r.exit_code, 143) << r.all();
  EXPECT_NE(r.out.find("berth wait --cluster demo --service web --deployment"), std::string::npos) << r.all();
  EXPECT_EQ(LastRecord(env_)["outcome"], "INTERRUPTED");
}

TEST_F(SignalsE2eTest, JsonOutputCarriesTheInterruptionAndTheResumeCommand) {
  std::vector<std::string> args = DeployNeverReady();
  args.insert(args.end(), {"--output", "json"});
  BerthChild berth(args, env_.Env());
  ASSERT_TRUE(berth.WaitForOutput("\"follow_started\"")) << berth.out() << berth.err();
  berth.Signal(SIGINT);
  ProcessResult r = berth.Wait();
  EXPECT_EQ(r.exit_code, 130) << r.all();
  auto docs = ResultDocs(r.out);
  ASSERT_FALSE(docs.empty()) << r.out;
  EXPECT_EQ(docs.back()["outcome"], "INTERRUPTED");
  EXPECT_EQ(docs.back()["signal"], SIGINT);
  EXPECT_NE(docs.back()["resume"].get<std::string>().find("berth wait"), std::string::npos);
}

TEST_F(SignalsE2eTest, ASecondCtrlCExitsAtOnceEvenWhileACallHangs) {
  // Every DescribeServices hangs for 20 s, much longer than the test needs to
  // send two signals: the first Ctrl-C cannot end the wait cleanly until the
  // call returns, the second one ends berth.
  sim::Fault hang;
  hang.kind = sim::Fault::Kind::kLatency;
  hang.action = "DescribeServices";
  hang.remaining = -1;
  hang.latency_ms = 20000;
  env_.sim().faults().Add(hang);
  BerthChild berth({"wait", "--cluster", "demo", "--service", "web", "--timeout", "1h"}, env_.Env());
  // Wait until berth's first DescribeServices has reached the simulator.
  for (int i = 0; i < 600; ++i) {
    if (env_.sim().CallCounts()["calls"].value("ecs:DescribeServices", 0) >= 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GE(env_.sim().CallCounts()["calls"].value("ecs:DescribeServices", 0), 1);
  berth.Signal(SIGINT);
  // Signals of one kind do not queue: send the second once the first was taken.
  ASSERT_TRUE(berth.WaitForOutput("again to exit at once")) << berth.err();
  berth.Signal(SIGINT);
  ProcessResult r = berth.Wait(std::chrono::seconds(120));
  ASSERT_FALSE(r.signaled) << r.all();
  EXPECT_EQ(r.exit_code, 130) << r.all();
  EXPECT_NE(r.err.find("interrupted again"), std::string::npos) << r.all();
  env_.sim().faults().Clear();
}

}  // namespace
}  // namespace berth::testing
