// What the simulator refuses as AWS refuses it, driven with the real AWS CLI
// (pyenv's `aws`): ECS load-balancer and network checks, ELBv2 protocols,
// shared target groups, deletions and target-group attributes, ECR names,
// tags and layers; and the UpdateService changes that start a deployment.
// Every error is the one AWS returns (docs/sim.md names the sources).
// Skipped when `aws` is not on PATH (a failure under BERTH_REQUIRE_ORACLES=1).
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "support/sim_cli_fixture.h"

namespace berth::sim {
namespace {

class SimValidationCliTest : public testing::SimAwsCliFixture {
 protected:
  std::string TargetGroupArn(const std::string& name) {
    return Ok("elbv2 describe-target-groups --names " + name)["TargetGroups"][0]["TargetGroupArn"];
  }
  std::string LoadBalancerArn(const std::string& name) {
    return Ok("elbv2 describe-load-balancers --names " + name)["LoadBalancers"][0]["LoadBalancerArn"];
  }
  std::string DemoListener() {
    return Ok("elbv2 describe-listeners --load-balancer-arn " +
              LoadBalancerArn("demo-alb"))["Listeners"][0]["ListenerArn"];
  }
  std::string MakeTargetGroup(const std::string& name, const std::string& protocol, const std::string& type) {
    return Ok("elbv2 create-target-group --name " + name + " --protocol " + protocol +
              " --port 8080 --vpc-id vpc-0b1e2r3t4h5s6i7m --target-type " + type)["TargetGroups"][0]["TargetGroupArn"];
  }
  // A rule on the demo listener forwarding /<path>/* to `tg`.
  void ForwardFromDemo(const std::string& tg, int priority) {
    Ok("elbv2 create-rule --listener-arn " + DemoListener() + " --priority " + std::to_string(priority) +
       " --conditions Field=path-pattern,Values=/p" + std::to_string(priority) +
       "/* --actions Type=forward,TargetGroupArn=" + tg);
  }
  static std::string Lb(const std::string& tg, const std::string& container = "web", int port = 8080) {
    return "--load-balancers targetGroupArn=" + tg + ",containerName=" + container +
           ",containerPort=" + std::to_string(port);
  }
  static constexpr const char* kNetwork =
      " --network-configuration awsvpcConfiguration={subnets=[subnet-0a1b2c3d],securityGroups=[sg-0a1b2c3d]}";
};

TEST_F(SimValidationCliTest, CreateServiceRefusesLoadBalancersAndNetworksThatEcsRefuses) {
  // The demo seed's "web" task definition: awsvpc, container "web" mapping port 8080.
  const std::string create =
      "ecs create-service --cluster demo --service-name lb --task-definition web "
      "--desired-count 1 --launch-type FARGATE ";
  std::string blue = TargetGroupArn("web-blue");
  std::string orphan = MakeTargetGroup("orphan", "HTTP", "ip");
  Refused(create + Lb(orphan) + kNetwork, "InvalidParameterException",
          "The target group with targetGroupArn " + orphan + " does not have an associated load balancer.");
  std::string missing = blue.substr(0, blue.rfind('/')) + "0/ffffffffffffffff";
  Refused(create + Lb(missing) + kNetwork, "InvalidParameterException",
          "Unable to assume role and validate the specified targetGroupArn.");
  Refused(create + Lb(blue, "nope") + kNetwork, "InvalidParameterException",
          "The container nope did not have a container port 8080 defined.");
  Refused(create + Lb(blue, "web", 9999) + kNetwork, "InvalidParameterException",
          "The container web did not have a container port 9999 defined.");
  std::string instance = MakeTargetGroup("inst", "HTTP", "instance");
  ForwardFromDemo(instance, 20);
  Refused(create + Lb(instance) + kNetwork, "InvalidParameterException",
          "The provided target group " + instance +
              " has target type instance, which is incompatible with the awsvpc network mode specified in the task "
              "definition.");
  Refused(create + Lb(blue), "InvalidParameterException",
          "Network Configuration must be provided when networkMode 'awsvpc' is specified.");

  Json created = Ok(create + Lb(blue) + kNetwork);
  EXPECT_EQ(created["service"]["loadBalancers"][0]["targetGroupArn"], blue);
  // UpdateService checks the configuration it would leave, and changes nothing when it refuses.
  Refused("ecs update-service --cluster demo --service lb " + Lb(orphan), "InvalidParameterException",
          "does not have an associated load balancer.");
  Json after = Ok("ecs describe-services --cluster demo --services lb");
  EXPECT_EQ(after["services"][0]["loadBalancers"][0]["targetGroupArn"], blue);
}

TEST_F(SimValidationCliTest, Elbv2RefusesProtocolsForTheWrongLoadBalancerTypeAndSharedTargetGroups) {
  std::string alb = LoadBalancerArn("demo-alb");
  std::string blue = TargetGroupArn("web-blue");
  Refused("elbv2 create-listener --load-balancer-arn " + alb +
              " --protocol TCP --port 8443 --default-actions Type=forward,TargetGroupArn=" + blue,
          "ValidationError", "Listener protocol 'TCP' must be one of 'HTTPS, HTTP'");
  std::string tcp = MakeTargetGroup("tcp-tg", "TCP", "ip");
  Refused(
      "elbv2 create-rule --listener-arn " + DemoListener() +
          " --priority 30 --conditions Field=path-pattern,Values=/tcp/* --actions Type=forward,TargetGroupArn=" + tcp,
      "IncompatibleProtocols", "uses protocol 'TCP'");

  std::string nlb =
      Ok("elbv2 create-load-balancer --name nlb --type network --subnets subnet-0a1b2c3d")["LoadBalancers"][0]
                                                                                          ["LoadBalancerArn"];
  Refused("elbv2 create-listener --load-balancer-arn " + nlb +
              " --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=" + tcp,
          "ValidationError", "Listener protocol 'HTTP' must be one of 'TLS, TCP, TCP_UDP, UDP'");
  Refused("elbv2 create-listener --load-balancer-arn " + nlb +
              " --protocol TCP --port 80 --default-actions Type=forward,TargetGroupArn=" + blue,
          "IncompatibleProtocols", "uses protocol 'HTTP'");
  Ok("elbv2 create-listener --load-balancer-arn " + nlb +
     " --protocol TCP --port 80 --default-actions Type=forward,TargetGroupArn=" + tcp);

  // web-blue already serves demo-alb: a second load balancer may not forward to it.
  std::string alb2 =
      Ok("elbv2 create-load-balancer --name alb2 --subnets subnet-0a1b2c3d subnet-1a2b3c4d")["LoadBalancers"][0]
                                                                                            ["LoadBalancerArn"];
  Refused("elbv2 create-listener --load-balancer-arn " + alb2 +
              " --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=" + blue,
          "TargetGroupAssociationLimit",
          "The following target groups cannot be associated with more than one load balancer: " + blue);
}

TEST_F(SimValidationCliTest, Elbv2DeletesWhatIsNotInUseAndKeepsTargetGroupAttributes) {
  std::string blue = TargetGroupArn("web-blue");
  Refused("elbv2 delete-target-group --target-group-arn " + blue, "ResourceInUse",
          "Target group '" + blue + "' is currently in use by a listener or a rule");

  std::string tg = MakeTargetGroup("attrs", "HTTP", "ip");
  auto attributes = [&] {
    std::map<std::string, std::string> out;
    Json answer = Ok("elbv2 describe-target-group-attributes --target-group-arn " + tg);
    for (const auto& a : answer["Attributes"]) out[a["Key"].get<std::string>()] = a["Value"].get<std::string>();
    return out;
  };
  auto before = attributes();
  EXPECT_EQ(before["deregistration_delay.timeout_seconds"], "300");
  EXPECT_EQ(before["stickiness.enabled"], "false");
  EXPECT_EQ(before["stickiness.type"], "lb_cookie");
  EXPECT_EQ(before["stickiness.lb_cookie.duration_seconds"], "86400");
  EXPECT_EQ(before["load_balancing.algorithm.type"], "round_robin");
  EXPECT_EQ(before["slow_start.duration_seconds"], "0");
  Refused("elbv2 modify-target-group-attributes --target-group-arn " + tg + " --attributes Key=no.such.key,Value=1",
          "ValidationError", "Target group attribute key 'no.such.key' is not recognized");
  Refused("elbv2 modify-target-group-attributes --target-group-arn " + tg +
              " --attributes Key=slow_start.duration_seconds,Value=10",
          "ValidationError", "slow_start.duration_seconds");
  Ok("elbv2 modify-target-group-attributes --target-group-arn " + tg +
     " --attributes Key=stickiness.enabled,Value=true Key=stickiness.lb_cookie.duration_seconds,Value=3600 "
     "Key=load_balancing.algorithm.type,Value=least_outstanding_requests Key=slow_start.duration_seconds,Value=60 "
     "Key=deregistration_delay.timeout_seconds,Value=30");
  auto after = attributes();
  EXPECT_EQ(after["stickiness.enabled"], "true");
  EXPECT_EQ(after["stickiness.lb_cookie.duration_seconds"], "3600");
  EXPECT_EQ(after["load_balancing.algorithm.type"], "least_outstanding_requests");
  EXPECT_EQ(after["slow_start.duration_seconds"], "60");
  EXPECT_EQ(after["deregistration_delay.timeout_seconds"], "30");

  // Deleting the listener frees web-blue; deleting the load balancer removes it.
  Ok("elbv2 delete-listener --listener-arn " + DemoListener());
  Ok("elbv2 delete-target-group --target-group-arn " + blue);
  Refused("elbv2 describe-target-groups --names web-blue", "TargetGroupNotFound", "web-blue");
  Ok("elbv2 delete-load-balancer --load-balancer-arn " + LoadBalancerArn("demo-alb"));
  Refused("elbv2 describe-load-balancers --names demo-alb", "LoadBalancerNotFound", "demo-alb");
}

TEST_F(SimValidationCliTest, UpdateServiceChangesThatAwsDeploysStartADeployment) {
  // An EC2 service, where placement constraints and strategies apply.
  Ok("ecs register-task-definition --family ec2app --network-mode awsvpc --requires-compatibilities EC2 "
     "--container-definitions '[{\"name\":\"app\",\"image\":\"app:1\",\"memory\":256,\"essential\":true}]'");
  Ok(std::string("ecs create-service --cluster demo --service-name ec2svc --task-definition ec2app --desired-count 1 "
                 "--launch-type EC2") +
     kNetwork);
  auto primary = [&] {
    Json answer = Ok("ecs describe-services --cluster demo --services ec2svc");
    for (const auto& d : answer["services"][0]["deployments"])
      if (d["status"] == "PRIMARY") return d["id"].get<std::string>();
    ADD_FAILURE() << "no PRIMARY deployment: " << answer.dump();
    return std::string();
  };
  std::string last = primary();
  ASSERT_FALSE(last.empty());
  for (const std::string& change :
       {std::string("--propagate-tags SERVICE"), std::string("--enable-ecs-managed-tags"),
        std::string("--placement-strategy type=spread,field=attribute:ecs.availability-zone"),
        std::string("--placement-constraints type=distinctInstance"),
        std::string(
            "--service-registries registryArn=arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1")}) {
    Ok("ecs update-service --cluster demo --service ec2svc " + change);
    std::string now = primary();
    EXPECT_NE(now, last) << change << " should start a deployment";
    last = now;
  }
  // Sending what is already set changes nothing.
  Ok("ecs update-service --cluster demo --service ec2svc --propagate-tags SERVICE");
  EXPECT_EQ(primary(), last);
}

TEST_F(SimValidationCliTest, EcrRefusesBadNamesTagsAndImagesWhoseLayersWereNeverUploaded) {
  Refused("ecr create-repository --repository-name ab-", "InvalidParameterException", "repositoryName");
  Refused("ecr create-repository --repository-name a..b", "InvalidParameterException", "repositoryName");
  Ok("ecr create-repository --repository-name team/app");

  std::string blob = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";
  std::string digest = "sha256:" + Sha256Hex(blob);
  auto manifest = [&](const std::string& layer) {
    return Json{
        {"schemaVersion", 2},
        {"mediaType", "application/vnd.docker.distribution.manifest.v2+json"},
        {"config",
         {{"mediaType", "application/vnd.docker.container.image.v1+json"}, {"size", blob.size()}, {"digest", digest}}},
        {"layers",
         {{{"mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip"},
           {"size", blob.size()},
           {"digest", layer}}}}}
        .dump();
  };
  std::string dir = ::testing::TempDir();
  auto file = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name, std::ios::binary) << text;
    return "file://" + dir + "/" + name;
  };
  const std::string put = "ecr put-image --repository-name team/app --image-manifest ";
  Refused(put + file("m1.json", manifest(digest)) + " --image-tag v1", "LayersNotFoundException",
          "Layers with digests '[" + digest + "]' required for pushing image into repository with name 'team/app'");

  // Upload the blob (config and layer share it here), then the push succeeds.
  std::string upload = Ok("ecr initiate-layer-upload --repository-name team/app")["uploadId"];
  std::string part = "fileb" + file("blob.bin", blob).substr(4);  // file:// -> fileb://
  Ok("ecr upload-layer-part --repository-name team/app --upload-id " + upload +
     " --part-first-byte 0 --part-last-byte " + std::to_string(blob.size() - 1) + " --layer-part-blob " + part);
  Json done =
      Ok("ecr complete-layer-upload --repository-name team/app --upload-id " + upload + " --layer-digests " + digest);
  EXPECT_EQ(done["layerDigest"], digest);
  Json check = Ok("ecr batch-check-layer-availability --repository-name team/app --layer-digests " + digest);
  EXPECT_EQ(check["layers"][0]["layerAvailability"], "AVAILABLE");

  Refused(put + file("m2.json", manifest(digest)) + " --image-tag 'bad tag'", "InvalidParameterException",
          "Invalid parameter at 'imageTag' failed to satisfy constraint");
  Refused(put + file("m3.json", manifest(digest)) + " --image-tag " + std::string(301, 'a'),
          "InvalidParameterException", "length less than or equal to 300");
  Refused(put + file("m4.json", manifest(digest)) +
              " --image-tag v1 --image-manifest-media-type application/vnd.oci.image.manifest.v1+json",
          "InvalidParameterException", "imageManifestMediaType");
  Json pushed = Ok(put + file("m5.json", manifest(digest)) + " --image-tag v1");
  EXPECT_EQ(pushed["image"]["imageId"]["imageTag"], "v1");
}

}  // namespace
}  // namespace berth::sim
