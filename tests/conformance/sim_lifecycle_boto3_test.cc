// The simulator's task lifecycle, deployment timing and service events as an
// AWS client sees them (boto3, botocore 1.43 from pyenv or Debian's 1.29):
// draining behind a load balancer (DEACTIVATING until the deregistration
// delay is over, COMPLETED only after), the ENI attachment of awsvpc tasks,
// the bake time of deployments with alarms, task-launch throttling, and the
// load-balancer and deployment-configuration events AWS writes.
//
// Each test drives one simulator on frozen time (time scale 0) from one
// Python script that moves the clock with the admin API, so no verdict
// depends on machine speed; the script prints what it observed and the
// assertions are here.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "sim/front/auth.h"
#include "sim/front/server.h"
#include "sim/world/world.h"
#include "support/berth_process.h"
#include "support/oracles.h"

namespace berth::sim {
namespace {

// Shared by every scenario: clients, the clock, behaviours, small readers.
constexpr const char* kPrelude = R"PY(
import boto3, json, sys, urllib.request
url, token = sys.argv[1], sys.argv[2]
ecs = boto3.client("ecs", endpoint_url=url, region_name="us-east-1")
elb = boto3.client("elbv2", endpoint_url=url, region_name="us-east-1")
cw = boto3.client("cloudwatch", endpoint_url=url, region_name="us-east-1")
def admin(path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"X-Berth-Admin-Token": token, "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
def advance(seconds):
    admin("/_berth/clock/advance", {"seconds": seconds})
def behave(image, kind):
    admin("/_berth/behaviours", {"image": image, "behaviour": kind})
def service(cluster, name):
    return ecs.describe_services(cluster=cluster, services=[name])["services"][0]
def events(cluster, name):  # oldest first
    return [e["message"] for e in service(cluster, name)["events"]][::-1]
def tasks(cluster, name, status):
    arns = ecs.list_tasks(cluster=cluster, serviceName=name, desiredStatus=status)["taskArns"]
    return ecs.describe_tasks(cluster=cluster, tasks=arns)["tasks"] if arns else []
def family(name, image, **extra):
    c = {"name": "app", "image": image, "essential": True, "portMappings": [{"containerPort": 8080}]}
    c.update(extra)
    ecs.register_task_definition(family=name, networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                                 cpu="256", memory="512", containerDefinitions=[c])
NET = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d", "subnet-1a2b3c4d"], "securityGroups": ["sg-0a1b2c3d"]}}
def tg_arn(name):
    return elb.describe_target_groups(Names=[name])["TargetGroups"][0]["TargetGroupArn"]
obs = {"botocore": __import__("botocore").__version__}
)PY";

class SimLifecycleBoto3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    python_ = testing::FindPythonWith("boto3");
    if (python_.empty())
      BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kBoto3, "neither `python3` on PATH nor /usr/bin/python3 has boto3");
    SimOptions o;
    o.time_scale = 0;
    o.rate_limits = false;
    o.seed = "demo";
    auto started = Simulator::Start(o);
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    sim_ = std::move(started).value();
  }
  void TearDown() override {
    if (sim_) sim_->Stop();
  }
  // Runs the prelude plus `body` (which fills `obs`) and returns `obs`.
  Json Run(const std::string& body) {
    std::string script = std::string(kPrelude) + body + "\nprint(json.dumps(obs, default=str))\n";
    testing::EnvMap env = {
        {"AWS_ACCESS_KEY_ID", kDefaultAccessKeyId},   {"AWS_SECRET_ACCESS_KEY", kDefaultSecretAccessKey},
        {"AWS_EC2_METADATA_DISABLED", "true"},        {"AWS_CONFIG_FILE", "/dev/null"},
        {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"}, {"HOME", ::testing::TempDir()}};
    testing::ProcessResult r = testing::RunProcess({python_, "-c", script, sim_->endpoint(), sim_->admin_token()}, env,
                                                   std::chrono::seconds(300));
    EXPECT_EQ(r.exit_code, 0) << r.all();
    Json out = Json::parse(r.out, nullptr, false);
    EXPECT_FALSE(out.is_discarded()) << r.all();
    return out.is_discarded() ? Json::object() : out;
  }
  static int IndexOf(const Json& events, const std::string& prefix) {
    for (size_t i = 0; i < events.size(); ++i)
      if (events[i].get<std::string>().rfind(prefix, 0) == 0) return static_cast<int>(i);
    return -1;
  }
  std::string python_;
  std::unique_ptr<Simulator> sim_;
};

// H4 and M7/M8: a rolling deployment behind a target group keeps the old
// tasks DEACTIVATING (still running, their targets draining) for the
// deregistration delay, and completes only once they are STOPPED; the events
// say registered, draining, deregistered, stopped, in AWS's words; every
// awsvpc task has its own ENI and IP.
TEST_F(SimLifecycleBoto3Test, OldTasksDrainForTheDeregistrationDelayBeforeTheDeploymentCompletes) {
  Json obs = Run(R"PY(
ecs.create_cluster(clusterName="lb")
tg = tg_arn("web-blue")
obs["tg"] = tg
family("shop", "shop:1")
family("shop", "shop:2")
ecs.create_service(cluster="lb", serviceName="shop", taskDefinition="shop:1", desiredCount=2, launchType="FARGATE",
                   networkConfiguration=NET,
                   loadBalancers=[{"targetGroupArn": tg, "containerName": "app", "containerPort": 8080}])
advance(120)
first = tasks("lb", "shop", "RUNNING")
obs["first"] = [{"ip": t["attachments"][0]["details"], "containers": t["containers"], "id": t["taskArn"].split("/")[-1]}
                for t in first]
obs["first_rollout"] = service("lb", "shop")["deployments"][0]["rolloutState"]
ecs.update_service(cluster="lb", service="shop", taskDefinition="shop:2")
obs["new_id"] = service("lb", "shop")["deployments"][0]["id"]
advance(120)
old = tasks("lb", "shop", "STOPPED")
obs["draining_status"] = sorted(t["lastStatus"] for t in old)
obs["draining_containers"] = sorted(c["lastStatus"] for t in old for c in t["containers"])
health = elb.describe_target_health(TargetGroupArn=tg)["TargetHealthDescriptions"]
obs["target_states"] = sorted(h["TargetHealth"]["State"] for h in health)
s = service("lb", "shop")
obs["during"] = [(d["status"], d["rolloutState"]) for d in s["deployments"]]
advance(300)
s = service("lb", "shop")
obs["after"] = [(d["status"], d["rolloutState"]) for d in s["deployments"]]
stopped = tasks("lb", "shop", "STOPPED")
obs["stopped"] = [{"status": t["lastStatus"], "stoppingAt": t["stoppingAt"].timestamp(),
                   "executionStoppedAt": t["executionStoppedAt"].timestamp(), "stoppedAt": t["stoppedAt"].timestamp(),
                   "attachment": t["attachments"][0]["status"]} for t in stopped]
obs["events"] = events("lb", "shop")
)PY");
  ASSERT_TRUE(obs.contains("events")) << obs.dump();
  std::string tg = obs["tg"];
  EXPECT_EQ(obs["first_rollout"], "COMPLETED") << obs.dump();

  // Every task: an ENI in one of the service's subnets with a unique IP that
  // its container reports too, the image's digest and a runtime id.
  ASSERT_EQ(obs["first"].size(), 2u) << obs.dump();
  std::vector<std::string> ips;
  for (const auto& t : obs["first"]) {
    std::map<std::string, std::string> details;
    for (const auto& d : t["ip"]) details[d["name"]] = d["value"];
    ips.push_back(details["privateIPv4Address"]);
    EXPECT_TRUE(details["subnetId"] == "subnet-0a1b2c3d" || details["subnetId"] == "subnet-1a2b3c4d") << t.dump();
    EXPECT_EQ(details["networkInterfaceId"].rfind("eni-", 0), 0u) << t.dump();
    const Json& c = t["containers"][0];
    EXPECT_EQ(c["networkInterfaces"][0]["privateIpv4Address"], details["privateIPv4Address"]) << t.dump();
    EXPECT_EQ(c["imageDigest"].get<std::string>().rfind("sha256:", 0), 0u) << t.dump();
    EXPECT_EQ(c["runtimeId"].get<std::string>().rfind(t["id"].get<std::string>() + "-", 0), 0u) << t.dump();
  }
  EXPECT_NE(ips[0], ips[1]) << "two live tasks share an IP: " << obs.dump();

  // Two minutes after the update: the old tasks drain, still running.
  EXPECT_EQ(obs["draining_status"], Json::array({"DEACTIVATING", "DEACTIVATING"})) << obs.dump();
  EXPECT_EQ(obs["draining_containers"], Json::array({"RUNNING", "RUNNING"})) << obs.dump();
  EXPECT_EQ(std::count(obs["target_states"].begin(), obs["target_states"].end(), "draining"), 2) << obs.dump();
  EXPECT_EQ(obs["during"], Json::parse(R"([["PRIMARY","IN_PROGRESS"],["ACTIVE","COMPLETED"]])")) << obs.dump();

  // After the 300 s delay: stopped (through STOPPING and DEPROVISIONING), and only now COMPLETED.
  EXPECT_EQ(obs["after"], Json::parse(R"([["PRIMARY","COMPLETED"]])")) << obs.dump();
  ASSERT_EQ(obs["stopped"].size(), 2u) << obs.dump();
  for (const auto& t : obs["stopped"]) {
    EXPECT_EQ(t["status"], "STOPPED") << t.dump();
    EXPECT_GE(t["executionStoppedAt"].get<double>() - t["stoppingAt"].get<double>(), 300.0) << t.dump();
    EXPECT_GT(t["stoppedAt"].get<double>(), t["executionStoppedAt"].get<double>()) << "DEPROVISIONING " << t.dump();
    EXPECT_EQ(t["attachment"], "DELETED") << t.dump();
  }
  const Json& ev = obs["events"];
  int registered = IndexOf(ev, "(service shop) registered 2 targets in (target-group " + tg + ")");
  int draining = IndexOf(ev, "(service shop) has begun draining connections on 2 tasks.");
  int deregistered = IndexOf(ev, "(service shop) deregistered 2 targets in (target-group " + tg + ")");
  int stopped = IndexOf(ev, "(service shop) has stopped 2 running tasks:");
  int completed =
      IndexOf(ev, "(service shop) (deployment " + obs["new_id"].get<std::string>() + ") deployment completed.");
  EXPECT_GE(registered, 0) << ev.dump(1);
  EXPECT_GT(draining, registered) << ev.dump(1);
  EXPECT_GT(deregistered, draining) << ev.dump(1);
  EXPECT_GT(stopped, deregistered) << "the stop comes after the drain: " << ev.dump(1);
  EXPECT_GT(completed, stopped) << ev.dump(1);
}

// H3: with deployment alarms, the deployment stays IN_PROGRESS, the old one
// ACTIVE with no tasks, through a bake time (here the alarm's 3 x 60 s); an
// alarm in that window rolls back, and without one it completes after it.
TEST_F(SimLifecycleBoto3Test, DeploymentAlarmsKeepWatchingThroughTheBakeTimeAndRollBackOnAnAlarmInIt) {
  Json obs = Run(R"PY(
ecs.create_cluster(clusterName="bake")
family("bake", "bake:1")
family("bake", "bake:2")
for name in ("calm", "hit", "early"):
    cw.put_metric_alarm(AlarmName=name + "-errors", Namespace="Custom/App", MetricName="Errors", Statistic="Sum",
                        Period=60, EvaluationPeriods=3, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold")
    cw.set_alarm_state(AlarmName=name + "-errors", StateValue="OK", StateReason="quiet")
    # "early" stops its old task before starting the new one (minimum 0%).
    percents = {"minimumHealthyPercent": 0, "maximumPercent": 100} if name == "early" else {}
    ecs.create_service(cluster="bake", serviceName=name, taskDefinition="bake:1", desiredCount=2, launchType="FARGATE",
                       networkConfiguration=NET,
                       deploymentConfiguration=dict(percents, alarms={"alarmNames": [name + "-errors"],
                                                                      "enable": True, "rollback": True}))
advance(120)
# A refused update changes nothing: not even the task definition it named.
try:
    ecs.update_service(cluster="bake", service="calm", taskDefinition="bake:2", desiredCount=-1)
    obs["refused"] = "accepted"
except ecs.exceptions.InvalidParameterException:
    obs["refused"] = service("bake", "calm")["taskDefinition"].split("/")[-1]
for name in ("calm", "hit", "early"):
    ecs.update_service(cluster="bake", service=name, taskDefinition="bake:2")
advance(100)
for name in ("calm", "hit", "early"):
    s = service("bake", name)
    obs[name + "_baking"] = [(d["status"], d["rolloutState"], d["runningCount"]) for d in s["deployments"]]
cw.set_alarm_state(AlarmName="hit-errors", StateValue="ALARM", StateReason="errors")
advance(5)
s = service("bake", "hit")
obs["hit_after_alarm"] = [(d["status"], d["rolloutState"], d["taskDefinition"].split("/")[-1]) for d in s["deployments"]]
advance(200)
s = service("bake", "calm")
obs["calm_after_bake"] = [(d["status"], d["rolloutState"]) for d in s["deployments"]]
)PY");
  ASSERT_TRUE(obs.contains("calm_after_bake")) << obs.dump();
  // 100 s after the update: the new tasks are healthy and the old ones gone, and still IN_PROGRESS.
  Json baking = Json::parse(R"([["PRIMARY","IN_PROGRESS",2],["ACTIVE","COMPLETED",0]])");
  EXPECT_EQ(obs["calm_baking"], baking) << obs.dump();
  EXPECT_EQ(obs["hit_baking"], baking) << obs.dump();
  EXPECT_EQ(obs["early_baking"], baking) << "old tasks stopped before the new ones were healthy: " << obs.dump();
  EXPECT_EQ(obs["refused"], "bake:1") << obs.dump();
  // The alarm during the bake time rolls back to bake:1.
  const Json& hit = obs["hit_after_alarm"];
  ASSERT_GE(hit.size(), 2u) << obs.dump();
  EXPECT_EQ(hit[0], Json::parse(R"(["PRIMARY","IN_PROGRESS","bake:1"])")) << obs.dump();
  EXPECT_EQ(hit[1], Json::parse(R"(["ACTIVE","FAILED","bake:2"])")) << obs.dump();
  // Without one, it completes once the bake time is over.
  EXPECT_EQ(obs["calm_after_bake"], Json::parse(R"([["PRIMARY","COMPLETED"]])")) << obs.dump();
}

// M3 and the deployment-configuration event: tasks that keep failing to
// start are relaunched ever more slowly with AWS's event, and a deployment
// that can neither stop nor start a task says so.
TEST_F(SimLifecycleBoto3Test, FailingLaunchesAreThrottledAndAnImpossibleConfigurationIsReported) {
  Json obs = Run(R"PY(
ecs.create_cluster(clusterName="odd")
behave("broken:1", "pull-failure")
family("broken", "broken:1")
family("stuck", "stuck:1")
family("stuck", "stuck:2")
ecs.create_service(cluster="odd", serviceName="broken", taskDefinition="broken", desiredCount=3, launchType="FARGATE",
                   networkConfiguration=NET)
ecs.create_service(cluster="odd", serviceName="stuck", taskDefinition="stuck:1", desiredCount=1, launchType="FARGATE",
                   networkConfiguration=NET,
                   deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 100})
advance(120)
ecs.update_service(cluster="odd", service="stuck", taskDefinition="stuck:2")
advance(480)
failed = tasks("odd", "broken", "STOPPED")
created = sorted(t["createdAt"].timestamp() for t in failed)
obs["failed"] = len(failed)
obs["last_gap"] = created[-1] - created[-2] if len(created) > 1 else 0
obs["broken_events"] = events("odd", "broken")
obs["stuck_events"] = events("odd", "stuck")
obs["stuck"] = [(d["status"], d["rolloutState"]) for d in service("odd", "stuck")["deployments"]]
)PY");
  ASSERT_TRUE(obs.contains("stuck")) << obs.dump();
  // 10 minutes of 3 tasks failing every 13 s would be 138; throttled, one launch per wait, far fewer.
  EXPECT_GE(obs["failed"].get<int>(), 5) << obs.dump();
  EXPECT_LE(obs["failed"].get<int>(), 10) << obs.dump();
  EXPECT_GE(obs["last_gap"].get<double>(), 120.0) << obs.dump();
  EXPECT_GE(IndexOf(obs["broken_events"], "(service broken) is unable to consistently start tasks successfully."), 0)
      << obs["broken_events"].dump(1);
  EXPECT_GE(IndexOf(obs["stuck_events"],
                    "service stuck was unable to stop or start tasks during a deployment because of the service "
                    "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try "
                    "again."),
            0)
      << obs["stuck_events"].dump(1);
  EXPECT_EQ(obs["stuck"], Json::parse(R"([["PRIMARY","IN_PROGRESS"],["ACTIVE","COMPLETED"]])")) << obs.dump();
}

// M4 and L5: a task failing ELB health checks is reported and stopped in
// AWS's words, with the target group; a health check on a non-essential
// container does not make the task's health.
TEST_F(SimLifecycleBoto3Test, ElbHealthFailuresAndTaskHealthAreReportedAsAwsReportsThem) {
  Json obs = Run(R"PY(
ecs.create_cluster(clusterName="hc")
tg = tg_arn("web-green")
obs["tg"] = tg
behave("sick:1", "fail-health-checks")
family("sick", "sick:1")
ecs.register_task_definition(family="sidecar", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
    cpu="256", memory="512", containerDefinitions=[
        {"name": "app", "image": "app:1", "essential": True},
        {"name": "probe", "image": "probe:1", "essential": False,
         "healthCheck": {"command": ["CMD", "true"], "interval": 10, "retries": 3}}])
ecs.create_service(cluster="hc", serviceName="sick", taskDefinition="sick", desiredCount=1, launchType="FARGATE",
                   networkConfiguration=NET,
                   loadBalancers=[{"targetGroupArn": tg, "containerName": "app", "containerPort": 8080}])
ecs.create_service(cluster="hc", serviceName="sidecar", taskDefinition="sidecar", desiredCount=1,
                   launchType="FARGATE", networkConfiguration=NET)
advance(420)  # the first unhealthy task is stopped once its target has drained (300 s)
stopped = tasks("hc", "sick", "STOPPED")
obs["reasons"] = sorted(set(t["stoppedReason"] for t in stopped))
obs["sick_events"] = events("hc", "sick")
obs["sidecar_health"] = [t["healthStatus"] for t in tasks("hc", "sidecar", "RUNNING")]
)PY");
  ASSERT_TRUE(obs.contains("sidecar_health")) << obs.dump();
  std::string tg = obs["tg"];
  EXPECT_EQ(obs["reasons"], Json::array({"Task failed ELB health checks in (target-group " + tg + ")"})) << obs.dump();
  EXPECT_GE(IndexOf(obs["sick_events"], "(service sick) (port 8080) is unhealthy in (target-group " + tg +
                                            ") due to (reason Health checks failed with these codes: [502])."),
            0)
      << obs["sick_events"].dump(1);
  EXPECT_GE(IndexOf(obs["sick_events"], "(service sick) has stopped 1 running tasks:"), 0)
      << obs["sick_events"].dump(1);
  EXPECT_EQ(obs["sidecar_health"], Json::array({"UNKNOWN"})) << obs.dump();
}

// M9: service deployments start PENDING, name the revisions they replace,
// keep the counts they finished with, say which revision a rollback went
// back to, and have opaque ids (not the ecs-svc digits).
TEST_F(SimLifecycleBoto3Test, ServiceDeploymentsArePendingFirstNameTheirSourcesAndKeepTheirCounts) {
  Json obs = Run(R"PY(
ecs.create_cluster(clusterName="rev")
behave("rev:nopull", "pull-failure")
for image in ("rev:1", "rev:2", "rev:3", "rev:nopull"):
    family("rev", image)
ecs.create_service(cluster="rev", serviceName="rev", taskDefinition="rev:1", desiredCount=2, launchType="FARGATE",
                   networkConfiguration=NET,
                   deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}})
advance(120)
ecs.update_service(cluster="rev", service="rev", taskDefinition="rev:2")
listed = ecs.list_service_deployments(cluster="rev", service="rev")["serviceDeployments"]
obs["first_status"] = listed[0]["status"]
obs["second_arn"] = listed[0]["serviceDeploymentArn"]
obs["ecs_ids"] = [d["id"] for d in service("rev", "rev")["deployments"]]
advance(120)
d2 = ecs.describe_service_deployments(serviceDeploymentArns=[obs["second_arn"]])["serviceDeployments"][0]
obs["second_done"] = {"status": d2["status"], "target": d2["targetServiceRevision"],
                      "sources": d2["sourceServiceRevisions"]}
ecs.update_service(cluster="rev", service="rev", taskDefinition="rev:3")
advance(120)
d2 = ecs.describe_service_deployments(serviceDeploymentArns=[obs["second_arn"]])["serviceDeployments"][0]
obs["second_later"] = d2["targetServiceRevision"]
third = ecs.list_service_deployments(cluster="rev", service="rev")["serviceDeployments"][0]
d3 = ecs.describe_service_deployments(serviceDeploymentArns=[third["serviceDeploymentArn"]])["serviceDeployments"][0]
obs["third_revision"] = d3["targetServiceRevision"]["arn"]
ecs.update_service(cluster="rev", service="rev", taskDefinition="rev:4")
advance(180)
fourth = ecs.list_service_deployments(cluster="rev", service="rev")["serviceDeployments"][0]
d4 = ecs.describe_service_deployments(serviceDeploymentArns=[fourth["serviceDeploymentArn"]])["serviceDeployments"][0]
obs["fourth"] = {"status": d4["status"], "rollback": d4.get("rollback", {})}
)PY");
  ASSERT_TRUE(obs.contains("fourth")) << obs.dump();
  EXPECT_EQ(obs["first_status"], "PENDING") << obs.dump();
  // Opaque: the service deployment's id is not the ecs-svc digits.
  std::string arn = obs["second_arn"];
  std::string opaque = arn.substr(arn.rfind('/') + 1);
  for (const auto& id : obs["ecs_ids"])
    EXPECT_EQ(id.get<std::string>().find(opaque), std::string::npos) << arn << " " << obs.dump();
  EXPECT_EQ(opaque.size(), 20u) << arn;

  const Json& done = obs["second_done"];
  EXPECT_EQ(done["status"], "SUCCESSFUL") << obs.dump();
  EXPECT_EQ(done["target"]["runningTaskCount"], 2) << obs.dump();
  ASSERT_EQ(done["sources"].size(), 1u) << obs.dump();
  EXPECT_NE(done["sources"][0]["arn"].get<std::string>().find(":service-revision/rev/rev/"), std::string::npos)
      << obs.dump();
  EXPECT_EQ(done["sources"][0]["runningTaskCount"], 0) << "the old revision's tasks were gone: " << obs.dump();
  // A later deployment replaced its tasks; its counts stay what they were when it finished.
  EXPECT_EQ(obs["second_later"]["runningTaskCount"], 2) << obs.dump();
  EXPECT_EQ(obs["second_later"]["requestedTaskCount"], 2) << obs.dump();
  // The breaker rolled rev:4 back to the revision rev:3 ran.
  EXPECT_EQ(obs["fourth"]["status"], "ROLLBACK_SUCCESSFUL") << obs.dump();
  EXPECT_EQ(obs["fourth"]["rollback"].value("serviceRevisionArn", ""), obs["third_revision"]) << obs.dump();
}

// L6: with room under maximumPercent, AWS starts an unhealthy task's
// replacement first and then stops it, so the service never runs fewer tasks
// than desired; with maximumPercent 100 it stops first.
TEST_F(SimLifecycleBoto3Test, AnUnhealthyTaskIsReplacedStartFirstWhenMaximumPercentAllows) {
  Json obs = Run(R"PY(
ecs.create_cluster(clusterName="sf")
behave("flaky:1", "fail-health-checks")
family("flaky", "flaky:1", healthCheck={"command": ["CMD", "true"], "interval": 10, "retries": 2})
for name, top in (("roomy", 200), ("tight", 100)):
    ecs.create_service(cluster="sf", serviceName=name, taskDefinition="flaky", desiredCount=2, launchType="FARGATE",
                       networkConfiguration=NET,
                       deploymentConfiguration={"minimumHealthyPercent": 50, "maximumPercent": top})
fewest = {"roomy": 99, "tight": 99}
overlap = {"roomy": False, "tight": False}
for second in range(150):
    advance(1)
    for name in fewest:
        running = tasks("sf", name, "RUNNING")
        up = [t for t in running if t["lastStatus"] == "RUNNING"]
        fewest[name] = min(fewest[name], len(up)) if second > 20 else fewest[name]
        if any(t["healthStatus"] == "UNHEALTHY" for t in up) and len(running) > 2:
            overlap[name] = True
obs["fewest"] = fewest
obs["overlap"] = overlap
)PY");
  ASSERT_TRUE(obs.contains("overlap")) << obs.dump();
  EXPECT_TRUE(obs["overlap"]["roomy"].get<bool>()) << "the replacement starts while the unhealthy task runs";
  EXPECT_EQ(obs["fewest"]["roomy"], 2) << "never fewer than desired running: " << obs.dump();
  EXPECT_FALSE(obs["overlap"]["tight"].get<bool>()) << "no room at 100%: stop first " << obs.dump();
  EXPECT_LT(obs["fewest"]["tight"].get<int>(), 2) << obs.dump();
}

}  // namespace
}  // namespace berth::sim
