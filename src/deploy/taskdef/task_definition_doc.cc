#include "deploy/taskdef/task_definition_doc.h"

#include <nlohmann/json.hpp>

namespace berth::deploy {

bool IsDescribeResponse(const Json& document) {
  return document.is_object() && !document.contains("family") && document.contains("taskDefinition") &&
         document["taskDefinition"].is_object();
}

Json UnwrapDescribeResponse(const Json& document) {
  if (!IsDescribeResponse(document)) return document;
  Json task_definition = document["taskDefinition"];
  auto tags = document.find("tags");
  if (tags != document.end() && tags->is_array() && !tags->empty()) {
    task_definition["tags"] = *tags;
  }
  return task_definition;
}

}  // namespace berth::deploy
