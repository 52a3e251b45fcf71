// Hostile input to `berth deploy`, `diff`, `rollback` and `api`: each case is
// refused with its documented exit code and a message that says what is
// wrong, and nothing is written to AWS (the simulator counts every call).
// In-process against the simulator: deterministic and quick, so the table can
// grow with every defect found.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/front/faults.h"
#include "support/sim_env.h"

namespace berth::testing {
namespace {

using nlohmann::json;

struct HostileCase {
  std::vector<std::string> args;
  int exit_code;
  std::string must_say;
  // Installed before the case, cleared after it.
  std::vector<sim::Fault> faults = {};
  // A fault on a write makes the write itself a call the simulator counts:
  // then what must hold is that nothing changed (no revision registered, the
  // service on the revision it had), not that no write was sent.
  bool write_attempted = false;
};

sim::Fault Persistent(sim::Fault::Kind kind, const std::string& action, int status = 500) {
  sim::Fault f;
  f.kind = kind;
  f.action = action;
  f.remaining = -1;
  f.http_status = status;
  return f;
}

// The ECS and ELBv2 calls that change something.
int Writes(const json& calls) {
  int n = 0;
  for (const auto& [name, count] : calls.items()) {
    bool read = name.find(":Describe") != std::string::npos || name.find(":List") != std::string::npos ||
                name.find(":Get") != std::string::npos;
    if (!read) n += count.get<int>();
  }
  return n;
}

std::vector<std::string> Web(std::vector<std::string> tail) {
  std::vector<std::string> all = {"--cluster", "demo", "--service", "web"};
  all.insert(all.end(), tail.begin(), tail.end());
  return all;
}

std::vector<std::string> Cmd(const std::string& command, std::vector<std::string> tail) {
  std::vector<std::string> all = {command};
  for (std::string& a : Web(std::move(tail))) all.push_back(std::move(a));
  return all;
}

TEST(HostileInputE2e, EveryMalformedInputIsRefusedWithItsExitCodeAMessageAndNoWrite) {
  SimEnv env(Via::kInProcess);
  const std::string td = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1"}]})";
  auto file = [&](const std::string& name, const std::string& text) { return env.home().Write(name, text); };
  const std::string img = "web=public.ecr.aws/berth/demo-web:1.1.0";
  std::vector<HostileCase> cases = {
      // flags
      {Cmd("deploy", {"--image", "web"}), 3, "expected CONTAINER=IMAGE"},
      {Cmd("deploy", {"--image", "=repo/x:1"}), 3, "CONTAINER=IMAGE"},
      {Cmd("deploy", {"--image", "web=UPPER/case:1"}), 3, "web=UPPER/case:1"},
      {Cmd("deploy", {"--image", "web=repo/x:"}), 3, "repo/x:"},
      {Cmd("deploy", {"--image", "web=repo/x@sha256:abc"}), 3, "sha256"},
      {Cmd("deploy", {"--image", "no such=repo/x:1"}), 3, "is not a container name"},
      {Cmd("deploy", {"--image", "nosuch=repo/x:1"}), 3, "nosuch"},
      {Cmd("deploy", {}), 3, "nothing to deploy"},
      {Cmd("deploy", {"--env", "web"}), 3, "expected CONTAINER:KEY=VALUE"},
      {Cmd("deploy", {"--env", "web:=1"}), 3, "CONTAINER:KEY=VALUE"},
      {Cmd("deploy", {"--env", ":K=1"}), 3, "CONTAINER:KEY=VALUE"},
      {Cmd("deploy", {"--env", "web:bad key=1"}), 3, "white space"},
      {Cmd("deploy", {"--env", "web:A=1", "--env", "web:A=2"}), 3, "twice"},
      {Cmd("deploy", {"--image", img, "--cluster", "other"}), 3, "--cluster is given twice"},
      {Cmd("deploy", {"--image", img, "--desired-count", "-1"}), 3, "--desired-count"},
      {Cmd("deploy", {"--image", img, "--desired-count", "lots"}), 3, "--desired-count"},
      {Cmd("deploy", {"--image", img, "--desired-count", "99999999999999"}), 3, "--desired-count"},
      {Cmd("deploy", {"--image", img, "--timeout", "soon"}), 3, "--timeout"},
      {Cmd("deploy", {"--image", img, "--timeout", "-5s"}), 3, "--timeout"},
      {Cmd("deploy", {"--image", img, "--poll-interval", "0"}), 3, "--poll-interval"},
      {Cmd("deploy", {"--image", img, "--no-such-flag"}), 3, "unknown flag"},
      {Cmd("deploy", {"--image", img, "--region", ""}), 3, "--region is empty"},
      {Cmd("deploy", {"--image", img, "--endpoint-url", "not a url"}), 3, "not a usable endpoint URL"},
      {Cmd("deploy", {"--image", img, "--request-timeout", "0"}), 3, "--request-timeout"},
      {Cmd("deploy", {"--image", img, "--output", "yaml"}), 3, "--output must be"},
      {Cmd("deploy", {"--image", img, "--log-level", "loud"}), 3, "--log-level"},
      // task definition files
      {Cmd("deploy", {"--task-definition", "/nonexistent/td.json"}), 3,
       "cannot read task definition file /nonexistent"},
      {Cmd("deploy", {"--task-definition", "/dev/zero"}), 3, "larger than 64 KiB"},
      {Cmd("deploy", {"--task-definition", "/tmp"}), 3, "is a directory"},
      {Cmd("deploy", {"--task-definition", file("a.json", "{")}), 3, "not valid JSON at line 1"},
      {Cmd("deploy", {"--task-definition", file("b.json", "[]")}), 3, "must be a JSON object"},
      {Cmd("deploy", {"--task-definition", file("c.json", R"({"containerDefinitions": []})")}), 3, "no \"family\""},
      {Cmd("deploy", {"--task-definition", file("d.json", R"({"family": "web"})")}), 3, "no \"containerDefinitions\""},
      {Cmd("deploy", {"--task-definition", file("e.json", R"({"family": "web", "containerDefinitions": [{}]})")}), 3,
       "has no \"name\""},
      {Cmd("deploy",
           {"--task-definition", file("f.json", R"({"family": "web", "containerDefinitions": [{"name": "web"}]})")}),
       3, "has no \"image\""},
      {Cmd("deploy", {"--task-definition",
                      file("g.json", R"({"family": "web", "memory": true, "containerDefinitions": [{"name": "web",
                      "image": "r/w:1"}]})")}),
       3, "$.memory must be a string"},
      {Cmd("deploy",
           {"--task-definition",
            file("h.json", R"({"family": "web", "containerDefinitions": [{"name": "web", "image": 12345}]})")}),
       3, "image must be a string"},
      {Cmd("deploy", {"--task-definition",
                      file("i.json", R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1",
                      "environment": [{"name": "PORT", "value": 8080}]}]})")}),
       3, "quote it"},
      {Cmd("deploy", {"--task-definition",
                      file("j.json", R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1"},
                      {"name": "web", "image": "r/w:2"}]})")}),
       3, "two containers are named"},
      {Cmd("deploy", {"--task-definition",
                      file("k.json", R"({"family": "web", "family": "web2", "containerDefinitions": [{"name": "web",
                      "image": "r/w:1"}]})")}),
       3, "$.family is given twice"},
      {Cmd("deploy",
           {"--task-definition",
            file("l.json", R"({"family": "web!", "containerDefinitions": [{"name": "web", "image": "r/w:1"}]})")}),
       3, "is not one ECS accepts"},
      {Cmd("deploy",
           {"--task-definition",
            file("m.json", R"({"taskDefinition": {"family": "web", "containerDefinitions": []}, "junk": 1})")}),
       3, "is not part of a DescribeTaskDefinition"},
      // types only the ECS model knows (no hand-written table lists them)
      {Cmd("deploy", {"--task-definition",
                      file("tm1.json", R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1",
                      "portMappings": [{"containerPort": "80"}]}]})")}),
       3, "$.containerDefinitions[0].portMappings[0].containerPort must be an integer, not a string"},
      {Cmd("deploy", {"--task-definition",
                      file("tm2.json", R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1",
                      "linuxParameters": {"capabilities": {"add": "NET_ADMIN"}}}]})")}),
       3, "$.containerDefinitions[0].linuxParameters.capabilities.add must be a list"},
      {Cmd("deploy", {"--task-definition", file("n.json", td), "--image", "nosuch=r/x:1"}), 3, "cannot be combined"},
      // diff takes the same inputs
      {Cmd("diff", {"--image", "web"}), 3, "expected CONTAINER=IMAGE"},
      {Cmd("diff", {"--task-definition", "/dev/zero"}), 3, "larger than 64 KiB"},
      {Cmd("diff", {"--task-definition",
                    file("tm3.json", R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1"}],
                    "volumes": [{"name": "v", "efsVolumeConfiguration": {"fileSystemId": "fs-1",
                    "transitEncryptionPort": "x"}}]})")}),
       3, "$.volumes[0].efsVolumeConfiguration.transitEncryptionPort must be an integer"},
      {Cmd("diff", {"--env", "web:A=1", "--env", "web:A=2"}), 3, "twice"},
      // missing things: not found, nothing written
      {{"deploy", "--cluster", "nosuch", "--service", "web", "--image", img}, 7, "nosuch"},
      {{"deploy", "--cluster", "demo", "--service", "nosuch", "--image", img}, 7, "nosuch"},
      {{"rollback", "--cluster", "demo", "--service", "nosuch"}, 7, "nosuch"},
      // api
      {{"api", "ecs"}, 3, "usage"},
      {{"api", "nosuch", "ListClusters"}, 3, "nosuch"},
      {{"api", "ecs", "ListClusters", "--input", "{"}, 3, "not valid JSON"},
      {{"api", "ecs", "ListClusters", "--input", "[1]"}, 3, "must be a JSON object"},
      {{"api", "ecs", "ListClusters", "--input", "file:///nonexistent"}, 3, "cannot read --input file"},
      {{"api", "ecs", "ListClusters", "--input", "file:///dev/zero"}, 3, "larger than 10 MiB"},
      {{"api", "ecs", "ListClusters", "--input", "file:///tmp"}, 3, "/tmp is a directory"},
      {{"api", "ecs", "ListClusters", "extra"}, 3, "usage"},
      {{"api", "ecs", "ListClusters", "--input", ""}, 3, "--input is empty"},
      {{"api", "ecs", "NoSuchOperation"}, 8, "UnknownOperationException", {}, true},
      // service settings, checked as ECS checks them, before any write
      {Cmd("deploy", {"--image", img, "--max-percent", "50"}), 3, "between 100 and 200, got 50"},
      {Cmd("deploy", {"--image", img, "--max-percent", "201"}), 3, "between 100 and 200, got 201"},
      {Cmd("deploy", {"--image", img, "--min-healthy-percent", "101"}), 3, "between 0 and 100, got 101"},
      {Cmd("deploy", {"--image", img, "--min-healthy-percent", "-1"}), 3, "between 0 and 100, got -1"},
      {Cmd("deploy", {"--image", img, "--max-percent", "1e2"}), 3, "--max-percent"},
      {Cmd("deploy", {"--image", img, "--timeout", "2562048h"}), 3, "at most 168h"},
      {Cmd("deploy", {"--image", img, "--timeout", "999999999999999h"}), 3, "--timeout"},
      {Cmd("deploy", {"--image", img, "--timeout", "0s"}), 3, "--timeout"},
      {Cmd("deploy", {"--image", img, "--poll-interval", "10ms"}), 3, "at least 50ms"},
      {Cmd("deploy", {"--image", img, "--request-timeout", "2h"}), 3, "--request-timeout"},
      {Cmd("deploy", {"--image", img, "--no-wait", "--rollback-on-failure"}), 3, "drop --no-wait"},
      {Cmd("deploy", {"--image", img, "--image", "web=public.ecr.aws/berth/demo-web:1.2.0"}), 3, "twice"},
      {Cmd("deploy", {"--image", "web="}), 3, "CONTAINER=IMAGE"},
      {Cmd("deploy", {"--image", "web=repo/x:1 2"}), 3, "repo/x:1 2"},
      {Cmd("deploy", {"--image", "web=" + std::string(300, 'a')}), 3, "image"},
      {Cmd("deploy", {"--family", ""}), 3, "--family is empty"},
      {Cmd("deploy", {"--family", "nosuch"}), 7, "nosuch"},
      {Cmd("deploy", {"--task-definition", ""}), 3, "--task-definition is empty"},
      {Cmd("deploy", {"--image", img, "extra"}), 3, "unexpected argument 'extra'"},
      {Cmd("deploy", {"--image", img, "--service", "api"}), 3, "--service is given twice"},
      {{"deploy", "--cluster", "demo", "--image", img}, 3, "--service"},
      {{"deploy", "--cluster", "", "--service", "web", "--image", img}, 3, "--cluster is empty"},
      {Cmd("deploy", {"--task-definition", file("o.json", R"({"family": "web", "containerDefinitions": [{"name":
           "web", "image": "r/w:1", "memory": "512"}]})")}),
       3, "memory must be an integer"},
      {Cmd("deploy", {"--task-definition", file("p.json", R"({"family": "web", "containerDefinitions": [{"name":
           "web", "image": "r/w:1", "essential": "yes"}]})")}),
       3, "essential must be a boolean"},
      {Cmd("deploy", {"--task-definition", file("q.json", R"({"family": "web", "containerDefinitions": [{"name":
           "web", "image": "r/w:1", "secrets": [{"name": "DB", "valueFrom": 7}]}]})")}),
       3, "secrets[0].valueFrom must be a string"},
      {Cmd("deploy", {"--task-definition", file("r.json", R"({"family": "web", "containerDefinitions": [{"name":
           "web", "image": "r/w:1", "environment": [{"name": "A", "value": "1", "name": "B"}]}]})")}),
       3, "is given twice"},
      {Cmd("deploy", {"--task-definition", file("s.json", R"({"family": "web", "containerDefinitions": {"name":
           "web"}})")}),
       3, "containerDefinitions"},
      {Cmd("deploy", {"--task-definition", file("t.json", std::string("\xff\xfe{}"))}), 3, "not valid JSON"},
      {Cmd("deploy", {"--task-definition", file("u.json", "")}), 3, "not valid JSON"},
      {Cmd("deploy", {"--task-definition", file("v.json", td + " trailing")}), 3, "not valid JSON"},
      {Cmd("deploy", {"--task-definition", file("w.json", R"({"family": "", "containerDefinitions": [{"name":
           "web", "image": "r/w:1"}]})")}),
       3, "family"},
      {Cmd("deploy", {"--task-definition", file("x.json", td), "--family", "web"}), 3, "cannot be combined"},
      {Cmd("deploy", {"--task-definition", file("y.json", td), "--env", "nosuch:A=1"}), 3, "nosuch"},
      // diff: the same refusals, and its own flag
      {Cmd("diff", {"--image", img, "--detailed-exitcode", "--no-such"}), 3, "unknown flag"},
      {Cmd("diff", {"--image", img, "extra"}), 3, "unexpected argument 'extra'"},
      {Cmd("diff", {"--image", "nosuch=r/x:1"}), 3, "nosuch"},
      {Cmd("diff", {"--task-definition", file("z.json", "{")}), 3, "not valid JSON"},
      {Cmd("diff", {"--image", img, "--max-percent", "50"}), 3, "between 100 and 200"},
      {{"diff", "--cluster", "nosuch", "--service", "web", "--image", img}, 7, "nosuch"},
      // rollback
      {Cmd("rollback", {"--to", "999"}), 7, "web:999"},
      {Cmd("rollback", {"--to", "web:abc"}), 7, "web:abc"},
      {Cmd("rollback", {"--to", ""}), 3, "--to is empty"},
      {Cmd("rollback", {"--to", "api:1"}), 3, "api:1 is of family api"},
      {Cmd("rollback", {"extra"}), 3, "unexpected argument 'extra'"},
      {Cmd("rollback", {"--to", "1", "--timeout", "soon"}), 3, "--timeout"},
      {Cmd("rollback", {"--to", "1", "--to", "2"}), 3, "--to is given twice"},
      {Cmd("rollback", {}), 14, "no deployment of service web on record"},
      // faults: what AWS does wrong before berth writes ends the command with its code, nothing applied
      {Cmd("deploy", {"--image", img, "--timeout", "10s"}),
       8,
       "DescribeServices",
       {Persistent(sim::Fault::Kind::kServerError, "DescribeServices", 500)}},
      {Cmd("deploy", {"--image", img, "--timeout", "10s"}),
       10,
       "throttl",
       {Persistent(sim::Fault::Kind::kThrottle, "DescribeServices")}},
      {Cmd("deploy", {"--image", img, "--timeout", "10s"}),
       9,
       "connection",
       {Persistent(sim::Fault::Kind::kDrop, "DescribeServices")}},
      {Cmd("deploy", {"--image", img}),
       8,
       "DescribeTaskDefinition",
       {Persistent(sim::Fault::Kind::kServerError, "DescribeTaskDefinition", 503)}},
      {Cmd("diff", {"--image", img}),
       8,
       "DescribeTaskDefinition",
       {Persistent(sim::Fault::Kind::kServerError, "DescribeTaskDefinition", 500)}},
      {Cmd("rollback", {"--to", "1", "--timeout", "10s"}),
       8,
       "DescribeServices",
       {Persistent(sim::Fault::Kind::kServerError, "DescribeServices", 502)}},
      {{"wait", "--cluster", "demo", "--service", "web", "--timeout", "10s"},
       8,
       "DescribeServices",
       {Persistent(sim::Fault::Kind::kServerError, "DescribeServices", 500)}},
      {Cmd("deploy", {"--image", img}),
       8,
       "RegisterTaskDefinition",
       {Persistent(sim::Fault::Kind::kServerError, "RegisterTaskDefinition", 500)},
       true},
      {Cmd("deploy", {"--image", img}),
       10,
       "RegisterTaskDefinition",
       {Persistent(sim::Fault::Kind::kThrottle, "RegisterTaskDefinition")},
       true},
      {Cmd("deploy", {"--image", img}),
       9,
       "DescribeTaskDefinition",
       {Persistent(sim::Fault::Kind::kDrop, "DescribeTaskDefinition")}},
  };
  auto world = [&env] {
    json revisions = env.Api("ecs", "ListTaskDefinitions", {{"familyPrefix", "web"}})["taskDefinitionArns"];
    json service = env.Api("ecs", "DescribeServices", {{"cluster", "demo"}, {"services", {"web"}}})["services"][0];
    return json{{"revisions", revisions},
                {"taskDefinition", service["taskDefinition"]},
                {"deployments", service["deployments"].size()}};
  };
  const json before = world();
  size_t n = 0, faults = 0;
  for (const HostileCase& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.args));
    for (const sim::Fault& f : c.faults) env.sim().faults().Add(f);
    env.sim().ResetCallCounts();
    ProcessResult r = env.Berth(c.args);
    json calls = env.sim().CallCounts()["calls"];
    env.sim().faults().Clear();
    EXPECT_EQ(r.exit_code, c.exit_code) << r.all();
    EXPECT_NE(r.err.find(c.must_say), std::string::npos) << "expected '" << c.must_say << "' in:\n" << r.err;
    EXPECT_EQ(r.err.find("berth: error:"), r.err.rfind("berth: error:")) << "one error: " << r.err;
    EXPECT_NE(r.err.find("berth: error:"), std::string::npos) << r.err;
    if (!c.write_attempted) {
      EXPECT_EQ(Writes(calls), 0) << calls.dump();
    }
    EXPECT_EQ(world(), before) << "something changed";
    ++n;
    faults += c.faults.empty() ? 0 : 1;
  }
  EXPECT_GE(n, 100u);
  EXPECT_GE(faults, 10u);
}

}  // namespace
}  // namespace berth::testing
