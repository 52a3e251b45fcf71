#include "aws/config/endpoints.h"

#include <gtest/gtest.h>

#include "aws/call/service.h"

namespace berth::aws {
namespace {

Endpoint Resolve(std::string_view service, std::string region) {
  AwsSettings s;
  s.region = std::move(region);
  auto r = ResolveEndpoint(*FindService(service), s);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Endpoint{};
}

TEST(EndpointsTest, RegionsMapToTheirPartitions) {
  EXPECT_EQ(*PartitionForRegion("us-east-1"), Partition::kAws);
  EXPECT_EQ(*PartitionForRegion("il-central-1"), Partition::kAws);
  EXPECT_EQ(*PartitionForRegion("cn-northwest-1"), Partition::kAwsCn);
  EXPECT_EQ(*PartitionForRegion("us-gov-west-1"), Partition::kAwsUsGov);
  for (std::string_view bad :
       {"", "us-east", "useast1", "zz-east-1", "us-east-1a", "US-EAST-1", "us--1", "cn-north-1.evil.com"}) {
    auto r = PartitionForRegion(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  }
}

TEST(EndpointsTest, DefaultEndpointsMatchBotocore) {
  EXPECT_EQ(Resolve("ecs", "us-east-1").url, "https://ecs.us-east-1.amazonaws.com");
  EXPECT_EQ(Resolve("ecr", "cn-north-1").url, "https://api.ecr.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(Resolve("elbv2", "us-gov-west-1").url, "https://elasticloadbalancing.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(Resolve("cloudwatch", "eu-west-1").url, "https://monitoring.eu-west-1.amazonaws.com");
  EXPECT_EQ(Resolve("sts", "eu-west-1").url, "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(Resolve("sts", "eu-west-1").signing_region, "eu-west-1");
}

TEST(EndpointsTest, OverridesWinInOrder) {
  AwsSettings s;
  s.region = "eu-west-1";
  s.global_endpoint_url = "http://global:1";
  s.service_endpoint_urls["ecs"] = "http://ecs:2/";
  EXPECT_EQ(ResolveEndpoint(*FindService("ecs"), s)->url, "http://ecs:2");
  EXPECT_EQ(ResolveEndpoint(*FindService("ecr"), s)->url, "http://global:1");
  s.endpoint_url = "http://flag:3";
  EXPECT_EQ(ResolveEndpoint(*FindService("ecs"), s)->url, "http://flag:3");
  EXPECT_EQ(ResolveEndpoint(*FindService("ecs"), s)->signing_region, "eu-west-1");
}

TEST(EndpointsTest, OverrideWithoutRegionSignsForUsEast1) {
  AwsSettings s;
  s.endpoint_url = "http://127.0.0.1:4566";
  EXPECT_EQ(ResolveEndpoint(*FindService("ecs"), s)->signing_region, "us-east-1");
}

TEST(EndpointsTest, NoRegionAndNoOverrideIsAConfigErrorSayingHowToSetOne) {
  AwsSettings s;
  auto r = ResolveEndpoint(*FindService("ecs"), s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("AWS_REGION"), std::string::npos);
}

TEST(ServiceTableTest, NamesSigningNamesAndEnvNamesMatchTheModels) {
  const ServiceInfo* ecr = FindService("ecr");
  ASSERT_NE(ecr, nullptr);
  EXPECT_EQ(ecr->endpoint_prefix, "api.ecr");
  EXPECT_EQ(ecr->signing_name, "ecr");
  const ServiceInfo* elb = FindService("elasticloadbalancingv2");
  ASSERT_NE(elb, nullptr);
  EXPECT_EQ(elb->name, "elbv2");
  EXPECT_EQ(elb->env_name, "ELASTIC_LOAD_BALANCING_V2");
  EXPECT_EQ(elb->protocol, Protocol::kQuery);
  EXPECT_EQ(FindService("ELBv2"), elb);
  EXPECT_EQ(FindService("logs")->env_name, "CLOUDWATCH_LOGS");
  EXPECT_EQ(FindService("cloudwatch")->signing_name, "monitoring");
  EXPECT_EQ(FindService("cloudwatch")->protocol, Protocol::kQuery);
  EXPECT_EQ(FindService("ecs")->target_prefix, "AmazonEC2ContainerServiceV20141113");
  EXPECT_EQ(FindService("servicediscovery")->target_prefix, "Route53AutoNaming_v20170314");
  EXPECT_EQ(FindService("sts")->api_version, "2011-06-15");
  EXPECT_EQ(FindService("nope"), nullptr);
  EXPECT_GE(AllServices().size(), 8u);
}

}  // namespace
}  // namespace berth::aws
