#include "deploy/lookup.h"

#include <fmt/format.h>

namespace berth::deploy {
namespace {

// Names of up to `limit` services in the cluster, for "not found" messages.
std::string ServicesThere(aws::EcsApi& ecs, const std::string& cluster, size_t limit = 10) {
  aws::ListServicesRequest list;
  list.cluster = cluster;
  auto arns = ecs.ListServices(list);
  if (!arns.ok()) return "";
  if (arns->empty()) return " (the cluster has no services)";
  std::string names;
  for (size_t i = 0; i < arns->size() && i < limit; ++i) {
    const std::string& arn = (*arns)[i];
    names += (i ? ", " : "") + arn.substr(arn.rfind('/') + 1);
  }
  if (arns->size() > limit) names += fmt::format(", ... {} in all", arns->size());
  return " (services there: " + names + ")";
}

}  // namespace

std::string ClusterLabel(const std::string& cluster) {
  return cluster.empty() ? "default" : cluster;
}

Result<aws::EcsService> DescribeOneService(aws::EcsApi& ecs, const std::string& cluster, const std::string& service) {
  if (service.empty()) return InvalidArgument("no service given").AddField("service");
  auto described = ecs.DescribeServices({cluster, {service}, true});
  if (!described.ok()) {
    if (described.status().aws_code() == "ClusterNotFoundException") {
      return NotFound(fmt::format("cluster {} not found in this account and region (aws ecs list-clusters "
                                  "lists them)",
                                  ClusterLabel(cluster)))
          .AddField("cluster")
          .AddField("region");
    }
    return described.status();
  }
  for (const aws::EcsService& s : described->items) {
    if (s.status == "INACTIVE") break;
    if (s.status == "DRAINING") {
      return FailedPrecondition(
          fmt::format("service {} is being deleted (DRAINING); nothing can be deployed to it", s.name));
    }
    return s;
  }
  return NotFound(fmt::format("service {} not found in cluster {}{}", service, ClusterLabel(cluster),
                              ServicesThere(ecs, cluster)))
      .AddField("service")
      .AddField("cluster");
}

std::string LiveTaskDefinition(const aws::EcsService& service) {
  if (!service.task_definition.empty()) return service.task_definition;
  const aws::EcsDeployment* primary = service.PrimaryDeployment();
  return primary != nullptr ? primary->task_definition : std::string();
}

}  // namespace berth::deploy
