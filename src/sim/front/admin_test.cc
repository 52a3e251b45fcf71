// The admin API's clock endpoints, called in-process on a frozen SimClock.
#include "sim/front/admin.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/timestamp.h"
#include "sim/world/world.h"

namespace berth::sim {
namespace {

AdminDeps ClockOnlyDeps(World* world) {
  AdminDeps deps;
  deps.world = world;
  deps.token = "t";
  return deps;
}

class AdminClockTest : public ::testing::Test {
 protected:
  AdminClockTest() : clock_(base_, 0.0), world_(clock_, 1), admin_(ClockOnlyDeps(&world_)) {}

  SimResponse Post(const std::string& path, const std::string& body) {
    SimRequest req;
    req.path = path;
    req.headers = {{"X-Berth-Admin-Token", "t"}};
    req.body = body;
    return admin_.Handle(req);
  }
  double Now() {
    SimRequest req;
    req.method = "GET";
    req.path = "/_berth/clock";
    req.headers = {{"X-Berth-Admin-Token", "t"}};
    return Json::parse(admin_.Handle(req).body)["now"].get<double>();
  }

  ManualClock base_;
  SimClock clock_;
  World world_;
  AdminApi admin_;
};

TEST_F(AdminClockTest, AdvanceTakesDurationsAsTheCliWritesThem) {
  const double start = Now();
  EXPECT_DOUBLE_EQ(start, EpochSeconds(base_.Now()));
  struct Case {
    const char* body;
    double seconds;
  };
  const Case cases[] = {
      {R"({"duration": "90s"})", 90},     {R"({"duration": "5m"})", 300}, {R"({"duration": "1h30m"})", 5400},
      {R"({"duration": "250ms"})", 0.25}, {R"({"duration": "90"})", 90},  {R"({"seconds": 1.5})", 1.5},
  };
  double expected = start;
  for (const auto& c : cases) {
    SimResponse r = Post("/_berth/clock/advance", c.body);
    ASSERT_EQ(r.status, 200) << c.body << ": " << r.body;
    expected += c.seconds;
    EXPECT_DOUBLE_EQ(Json::parse(r.body)["now"].get<double>(), expected) << c.body;
  }
}

TEST_F(AdminClockTest, AdvanceRejectsWhatIsNotADuration) {
  const double start = Now();
  for (const char* body : {R"({"duration": "5x"})", R"({"duration": "-5s"})", R"({"duration": ""})",
                           R"({"duration": "1h30"})", R"({"seconds": -1})", R"({})"}) {
    EXPECT_EQ(Post("/_berth/clock/advance", body).status, 400) << body;
  }
  EXPECT_DOUBLE_EQ(Now(), start);
}

}  // namespace
}  // namespace berth::sim
