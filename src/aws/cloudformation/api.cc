#include "aws/cloudformation/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/typed_call.h"

namespace berth::aws {
namespace {

constexpr std::string_view kCfn = "cloudformation";

Json ParametersInput(const std::vector<CfnParameter>& params) {
  Json out = Json::array();
  for (const auto& p : params) {
    Json j = {{"ParameterKey", p.key}};
    if (p.use_previous_value) {
      j["UsePreviousValue"] = true;
    } else {
      j["ParameterValue"] = p.value;
    }
    out.push_back(std::move(j));
  }
  return out;
}

// Members common to CreateStack, UpdateStack and CreateChangeSet.
Json StackInput(const CfnStackInput& r, bool allow_previous_template) {
  Json j = {{"StackName", r.stack_name}};
  PutIf(j, "TemplateBody", r.template_body);
  PutIf(j, "TemplateURL", r.template_url);
  if (allow_previous_template && r.use_previous_template) j["UsePreviousTemplate"] = true;
  if (!r.parameters.empty()) j["Parameters"] = ParametersInput(r.parameters);
  PutIf(j, "Capabilities", r.capabilities);
  PutIf(j, "RoleARN", r.role_arn);
  PutIf(j, "NotificationARNs", r.notification_arns);
  if (!r.tags.empty()) j["Tags"] = TagsToJson(r.tags, /*capitalized=*/true);
  return j;
}

std::map<std::string, std::string> KeyValues(const Json& list, std::string_view key, std::string_view value) {
  std::map<std::string, std::string> out;
  for (const Json& item : list) out[StrField(item, key)] = StrField(item, value);
  return out;
}

}  // namespace

Json BuildCreateStackInput(const CreateStackRequest& r) {
  Json j = StackInput(r.stack, /*allow_previous_template=*/false);
  PutIf(j, "DisableRollback", r.stack.disable_rollback);
  PutIf(j, "TimeoutInMinutes", r.timeout_in_minutes);
  PutIf(j, "OnFailure", r.on_failure);
  PutIf(j, "ClientRequestToken", r.stack.client_request_token);
  PutIf(j, "EnableTerminationProtection", r.enable_termination_protection);
  return j;
}

Json BuildUpdateStackInput(const CfnStackInput& r) {
  Json j = StackInput(r, /*allow_previous_template=*/true);
  PutIf(j, "DisableRollback", r.disable_rollback);
  PutIf(j, "ClientRequestToken", r.client_request_token);
  return j;
}

Json BuildDeleteStackInput(const DeleteStackRequest& r) {
  Json j = {{"StackName", r.stack_name}};
  PutIf(j, "RetainResources", r.retain_resources);
  PutIf(j, "RoleARN", r.role_arn);
  PutIf(j, "ClientRequestToken", r.client_request_token);
  return j;
}

Json BuildDescribeStacksInput(const std::string& stack_name) {
  Json j = Json::object();
  PutIf(j, "StackName", stack_name);
  return j;
}

Json BuildDescribeStackEventsInput(const std::string& stack_name) {
  return Json{{"StackName", stack_name}};
}

Json BuildCreateChangeSetInput(const CreateChangeSetRequest& r) {
  Json j = StackInput(r.stack, /*allow_previous_template=*/true);
  j["ChangeSetName"] = r.change_set_name;
  PutIf(j, "ClientToken", r.client_token);
  PutIf(j, "Description", r.description);
  PutIf(j, "ChangeSetType", r.change_set_type);
  PutIf(j, "IncludeNestedStacks", r.include_nested_stacks);
  PutIf(j, "OnStackFailure", r.on_stack_failure);
  return j;
}

Json BuildDescribeChangeSetInput(const std::string& change_set_name, const std::string& stack_name) {
  Json j = {{"ChangeSetName", change_set_name}};
  PutIf(j, "StackName", stack_name);
  return j;
}

Json BuildExecuteChangeSetInput(const ExecuteChangeSetRequest& r) {
  Json j = {{"ChangeSetName", r.change_set_name}};
  PutIf(j, "StackName", r.stack_name);
  PutIf(j, "ClientRequestToken", r.client_request_token);
  PutIf(j, "DisableRollback", r.disable_rollback);
  return j;
}

Json BuildDeleteChangeSetInput(const std::string& change_set_name, const std::string& stack_name) {
  return BuildDescribeChangeSetInput(change_set_name, stack_name);
}

Json BuildGetTemplateInput(const GetTemplateRequest& r) {
  Json j = Json::object();
  PutIf(j, "StackName", r.stack_name);
  PutIf(j, "ChangeSetName", r.change_set_name);
  PutIf(j, "TemplateStage", r.template_stage);
  return j;
}

CfnStack ParseCfnStack(const Json& j) {
  CfnStack s;
  s.raw = j;
  s.id = StrField(j, "StackId");
  s.name = StrField(j, "StackName");
  s.status = StrField(j, "StackStatus");
  s.status_reason = StrField(j, "StackStatusReason");
  s.change_set_id = StrField(j, "ChangeSetId");
  s.outputs = KeyValues(ListField(j, "Outputs"), "OutputKey", "OutputValue");
  s.parameters = KeyValues(ListField(j, "Parameters"), "ParameterKey", "ParameterValue");
  s.tags = TagsFromJson(ListField(j, "Tags"));
  s.creation_time = TimeField(j, "CreationTime");
  s.last_updated_time = TimeField(j, "LastUpdatedTime");
  return s;
}

CfnStackEvent ParseCfnStackEvent(const Json& j) {
  return {j,
          StrField(j, "EventId"),
          StrField(j, "StackId"),
          StrField(j, "StackName"),
          StrField(j, "LogicalResourceId"),
          StrField(j, "PhysicalResourceId"),
          StrField(j, "ResourceType"),
          StrField(j, "ResourceStatus"),
          StrField(j, "ResourceStatusReason"),
          StrField(j, "ClientRequestToken"),
          TimeField(j, "Timestamp")};
}

Result<std::string> ParseStackIdResponse(const Json& r, std::string_view operation) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  std::string id = StrField(r, "StackId");
  if (id.empty()) return BadResponse(fmt::format("{} returned no StackId", operation));
  return id;
}

Result<CfnChangeSetRef> ParseCreateChangeSetResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "CreateChangeSet"));
  CfnChangeSetRef ref{StrField(r, "Id"), StrField(r, "StackId")};
  if (ref.id.empty()) return BadResponse("CreateChangeSet returned no change set Id");
  return ref;
}

Result<CfnChangeSet> ParseDescribeChangeSetResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeChangeSet"));
  return CfnChangeSet{r,
                      StrField(r, "ChangeSetId"),
                      StrField(r, "ChangeSetName"),
                      StrField(r, "StackId"),
                      StrField(r, "StackName"),
                      StrField(r, "Status"),
                      StrField(r, "StatusReason"),
                      StrField(r, "ExecutionStatus"),
                      ListField(r, "Changes")};
}

Result<std::string> ParseGetTemplateResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "GetTemplate"));
  // A JSON template may come back already parsed by a converter; hand back text.
  if (r.contains("TemplateBody") && r["TemplateBody"].is_object()) return r["TemplateBody"].dump();
  return StrField(r, "TemplateBody");
}

bool IsNoUpdatesError(const Status& s) {
  return !s.ok() && s.aws_code() == "ValidationError" &&
         s.message().find("No updates are to be performed") != std::string::npos;
}

HttpCloudFormationApi::HttpCloudFormationApi(AwsClient& client) : client_(client) {}

Result<std::string> HttpCloudFormationApi::CreateStack(const CreateStackRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kCfn, "CreateStack", BuildCreateStackInput(r)));
  return ParseStackIdResponse(out, "CreateStack");
}

Result<std::string> HttpCloudFormationApi::UpdateStack(const CfnStackInput& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kCfn, "UpdateStack", BuildUpdateStackInput(r)));
  return ParseStackIdResponse(out, "UpdateStack");
}

Status HttpCloudFormationApi::DeleteStack(const DeleteStackRequest& r) {
  return CallService(client_, kCfn, "DeleteStack", BuildDeleteStackInput(r)).status();
}

Result<std::vector<CfnStack>> HttpCloudFormationApi::DescribeStacks(const std::string& stack_name) {
  std::vector<CfnStack> out;
  BERTH_RETURN_IF_ERROR(PaginateService(client_, kCfn, "DescribeStacks", BuildDescribeStacksInput(stack_name),
                                        "NextToken", "NextToken", [&](const Json& page) -> Status {
                                          BERTH_RETURN_IF_ERROR(ExpectObject(page, "DescribeStacks"));
                                          for (const Json& s : ListField(page, "Stacks")) {
                                            out.push_back(ParseCfnStack(s));
                                          }
                                          return Status::Ok();
                                        }));
  return out;
}

Result<std::vector<CfnStackEvent>> HttpCloudFormationApi::DescribeStackEvents(const std::string& stack_name) {
  std::vector<CfnStackEvent> out;
  BERTH_RETURN_IF_ERROR(PaginateService(client_, kCfn, "DescribeStackEvents", BuildDescribeStackEventsInput(stack_name),
                                        "NextToken", "NextToken", [&](const Json& page) -> Status {
                                          BERTH_RETURN_IF_ERROR(ExpectObject(page, "DescribeStackEvents"));
                                          for (const Json& e : ListField(page, "StackEvents"))
                                            out.push_back(ParseCfnStackEvent(e));
                                          return Status::Ok();
                                        }));
  return out;
}

Result<CfnChangeSetRef> HttpCloudFormationApi::CreateChangeSet(const CreateChangeSetRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kCfn, "CreateChangeSet", BuildCreateChangeSetInput(r)));
  return ParseCreateChangeSetResponse(out);
}

Result<CfnChangeSet> HttpCloudFormationApi::DescribeChangeSet(const std::string& change_set_name,
                                                              const std::string& stack_name) {
  std::optional<CfnChangeSet> first;
  BERTH_RETURN_IF_ERROR(PaginateService(client_, kCfn, "DescribeChangeSet",
                                        BuildDescribeChangeSetInput(change_set_name, stack_name), "NextToken",
                                        "NextToken", [&](const Json& page) -> Status {
                                          BERTH_ASSIGN_OR_RETURN(CfnChangeSet cs, ParseDescribeChangeSetResponse(page));
                                          if (!first) {
                                            first = std::move(cs);
                                          } else {
                                            for (Json& c : cs.changes) first->changes.push_back(std::move(c));
                                          }
                                          return Status::Ok();
                                        }));
  if (!first) return BadResponse("DescribeChangeSet returned no page");
  return std::move(*first);
}

Status HttpCloudFormationApi::ExecuteChangeSet(const ExecuteChangeSetRequest& r) {
  return CallService(client_, kCfn, "ExecuteChangeSet", BuildExecuteChangeSetInput(r)).status();
}

Status HttpCloudFormationApi::DeleteChangeSet(const std::string& change_set_name, const std::string& stack_name) {
  return CallService(client_, kCfn, "DeleteChangeSet", BuildDeleteChangeSetInput(change_set_name, stack_name)).status();
}

Result<std::string> HttpCloudFormationApi::GetTemplate(const GetTemplateRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kCfn, "GetTemplate", BuildGetTemplateInput(r)));
  return ParseGetTemplateResponse(out);
}

}  // namespace berth::aws
