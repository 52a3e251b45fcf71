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

// Members common to CreateStack, UpdateStack and CreateChangeSet, around
// UsePreviousTemplate and Parameters.
constexpr Field<CfnStackInput> kStackHead[] = {
    {"StackName", &CfnStackInput::stack_name, FieldRule::kAlways},
    {"TemplateBody", &CfnStackInput::template_body},
    {"TemplateURL", &CfnStackInput::template_url},
};
constexpr Field<CfnStackInput> kStackTail[] = {
    {"Capabilities", &CfnStackInput::capabilities},
    {"RoleARN", &CfnStackInput::role_arn},
    {"NotificationARNs", &CfnStackInput::notification_arns},
    {"Tags", &CfnStackInput::tags},
};

Json StackInput(const CfnStackInput& r, bool allow_previous_template) {
  Json j = WriteFields(r, kStackHead);
  if (allow_previous_template && r.use_previous_template) j["UsePreviousTemplate"] = true;
  if (!r.parameters.empty()) j["Parameters"] = ParametersInput(r.parameters);
  WriteFields(j, r, kStackTail);
  return j;
}

constexpr Field<CfnStackInput> kUpdateStackTail[] = {
    {"DisableRollback", &CfnStackInput::disable_rollback},
    {"ClientRequestToken", &CfnStackInput::client_request_token},
};

constexpr Field<DeleteStackRequest> kDeleteStack[] = {
    {"StackName", &DeleteStackRequest::stack_name, FieldRule::kAlways},
    {"RetainResources", &DeleteStackRequest::retain_resources},
    {"RoleARN", &DeleteStackRequest::role_arn},
    {"ClientRequestToken", &DeleteStackRequest::client_request_token},
};

constexpr Field<CreateChangeSetRequest> kCreateChangeSetTail[] = {
    {"ChangeSetName", &CreateChangeSetRequest::change_set_name, FieldRule::kAlways},
    {"ClientToken", &CreateChangeSetRequest::client_token},
    {"Description", &CreateChangeSetRequest::description},
    {"ChangeSetType", &CreateChangeSetRequest::change_set_type},
    {"IncludeNestedStacks", &CreateChangeSetRequest::include_nested_stacks},
    {"OnStackFailure", &CreateChangeSetRequest::on_stack_failure},
};

constexpr Field<ExecuteChangeSetRequest> kExecuteChangeSet[] = {
    {"ChangeSetName", &ExecuteChangeSetRequest::change_set_name, FieldRule::kAlways},
    {"StackName", &ExecuteChangeSetRequest::stack_name},
    {"ClientRequestToken", &ExecuteChangeSetRequest::client_request_token},
    {"DisableRollback", &ExecuteChangeSetRequest::disable_rollback},
};

constexpr Field<GetTemplateRequest> kGetTemplate[] = {
    {"StackName", &GetTemplateRequest::stack_name},
    {"ChangeSetName", &GetTemplateRequest::change_set_name},
    {"TemplateStage", &GetTemplateRequest::template_stage},
};

constexpr Field<CfnStack> kStack[] = {
    {"StackId", &CfnStack::id},
    {"StackName", &CfnStack::name},
    {"StackStatus", &CfnStack::status},
    {"StackStatusReason", &CfnStack::status_reason},
    {"ChangeSetId", &CfnStack::change_set_id},
    {"Tags", &CfnStack::tags},
    {"CreationTime", &CfnStack::creation_time},
    {"LastUpdatedTime", &CfnStack::last_updated_time},
};

constexpr Field<CfnStackEvent> kStackEvent[] = {
    {"EventId", &CfnStackEvent::event_id},
    {"StackId", &CfnStackEvent::stack_id},
    {"StackName", &CfnStackEvent::stack_name},
    {"LogicalResourceId", &CfnStackEvent::logical_resource_id},
    {"PhysicalResourceId", &CfnStackEvent::physical_resource_id},
    {"ResourceType", &CfnStackEvent::resource_type},
    {"ResourceStatus", &CfnStackEvent::resource_status},
    {"ResourceStatusReason", &CfnStackEvent::resource_status_reason},
    {"ClientRequestToken", &CfnStackEvent::client_request_token},
    {"Timestamp", &CfnStackEvent::timestamp},
};

constexpr Field<CfnChangeSetRef> kChangeSetRef[] = {
    {"Id", &CfnChangeSetRef::id},
    {"StackId", &CfnChangeSetRef::stack_id},
};

constexpr Field<CfnChangeSet> kChangeSet[] = {
    {"ChangeSetId", &CfnChangeSet::id},
    {"ChangeSetName", &CfnChangeSet::name},
    {"StackId", &CfnChangeSet::stack_id},
    {"StackName", &CfnChangeSet::stack_name},
    {"Status", &CfnChangeSet::status},
    {"StatusReason", &CfnChangeSet::status_reason},
    {"ExecutionStatus", &CfnChangeSet::execution_status},
    {"Changes", &CfnChangeSet::changes, FieldRule::kList},
};

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
  WriteFields(j, r, kUpdateStackTail);
  return j;
}

Json BuildDeleteStackInput(const DeleteStackRequest& r) {
  return WriteFields(r, kDeleteStack);
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
  WriteFields(j, r, kCreateChangeSetTail);
  return j;
}

Json BuildDescribeChangeSetInput(const std::string& change_set_name, const std::string& stack_name) {
  Json j = {{"ChangeSetName", change_set_name}};
  PutIf(j, "StackName", stack_name);
  return j;
}

Json BuildExecuteChangeSetInput(const ExecuteChangeSetRequest& r) {
  return WriteFields(r, kExecuteChangeSet);
}

Json BuildDeleteChangeSetInput(const std::string& change_set_name, const std::string& stack_name) {
  return BuildDescribeChangeSetInput(change_set_name, stack_name);
}

Json BuildGetTemplateInput(const GetTemplateRequest& r) {
  return WriteFields(r, kGetTemplate);
}

CfnStack ParseCfnStack(const Json& j) {
  CfnStack s = ReadShape(j, kStack);
  s.outputs = KeyValues(ListField(j, "Outputs"), "OutputKey", "OutputValue");
  s.parameters = KeyValues(ListField(j, "Parameters"), "ParameterKey", "ParameterValue");
  return s;
}

CfnStackEvent ParseCfnStackEvent(const Json& j) {
  return ReadShape(j, kStackEvent);
}

Result<std::string> ParseStackIdResponse(const Json& r, std::string_view operation) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  std::string id = StrField(r, "StackId");
  if (id.empty()) return BadResponse(fmt::format("{} returned no StackId", operation));
  return id;
}

Result<CfnChangeSetRef> ParseCreateChangeSetResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "CreateChangeSet"));
  CfnChangeSetRef ref = ReadShape(r, kChangeSetRef);
  if (ref.id.empty()) return BadResponse("CreateChangeSet returned no change set Id");
  return ref;
}

Result<CfnChangeSet> ParseDescribeChangeSetResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeChangeSet"));
  return ReadShape(r, kChangeSet);
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
