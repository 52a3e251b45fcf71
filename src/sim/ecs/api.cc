#include "sim/ecs/api.h"

#include <set>

#include "sim/ecs/internal.h"

namespace berth::sim {

bool IsEcsOperation(const std::string& op) {
  static const std::set<std::string> kOps = {"CreateCluster",
                                             "DescribeClusters",
                                             "ListClusters",
                                             "DeleteCluster",
                                             "RegisterTaskDefinition",
                                             "DescribeTaskDefinition",
                                             "DeregisterTaskDefinition",
                                             "ListTaskDefinitions",
                                             "ListTaskDefinitionFamilies",
                                             "CreateService",
                                             "UpdateService",
                                             "DeleteService",
                                             "DescribeServices",
                                             "ListServices",
                                             "ListServiceDeployments",
                                             "DescribeServiceDeployments",
                                             "ListTasks",
                                             "DescribeTasks",
                                             "RunTask",
                                             "StopTask",
                                             "CreateTaskSet",
                                             "UpdateTaskSet",
                                             "UpdateServicePrimaryTaskSet",
                                             "DeleteTaskSet",
                                             "DescribeTaskSets",
                                             "TagResource",
                                             "UntagResource",
                                             "ListTagsForResource"};
  return kOps.count(op) > 0;
}

Json HandleEcs(World& world, const std::string& op, const Json& input, const RequestContext& ctx) {
  if (!input.is_object()) ThrowApiError(400, "SerializationException", "Start of list found where not expected");
  EcsRegion& ecs = world.Ecs(ctx.account_id, ctx.region);
  world.MarkChanged();  // the handlers below may start work in a quiet cluster
  if (auto out = ecs::HandleClusterOrTaskDefinition(world, ecs, op, input, ctx)) return *out;
  if (auto out = ecs::HandleServiceOp(world, ecs, op, input, ctx)) return *out;
  if (auto out = ecs::HandleTaskOp(world, ecs, op, input, ctx)) return *out;
  ThrowApiError(400, "UnknownOperationException", "");
}

}  // namespace berth::sim
