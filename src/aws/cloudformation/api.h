// CloudFormationApi: the AWS CloudFormation operations berth's managed
// strategy uses (stacks, change sets, events, templates), as an interface so
// domain code can run against HttpCloudFormationApi or a fake.
//
// CloudFormation speaks the query protocol; responses arrive as JSON converted
// from XML with string leaves, and the parsers here type them. Paginated reads
// (DescribeStacks, DescribeStackEvents, DescribeChangeSet's Changes) return
// every page. "No updates are to be performed." comes back from UpdateStack as
// an AWS ValidationError; IsNoUpdatesError() recognises it.
//
// Thread-safety: value types and pure functions; HttpCloudFormationApi as its
// AwsClient.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/call/response_fields.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

class AwsClient;

struct CfnParameter {
  std::string key;
  std::string value;
  bool use_previous_value = false;  // keep the stack's current value; `value` ignored
};

// The template and settings shared by CreateStack, UpdateStack and CreateChangeSet.
struct CfnStackInput {
  std::string stack_name;     // required
  std::string template_body;  // one of template_body, template_url, use_previous_template
  std::string template_url;
  bool use_previous_template = false;  // UpdateStack / CreateChangeSet only
  std::vector<CfnParameter> parameters;
  std::vector<std::string> capabilities;  // CAPABILITY_IAM, CAPABILITY_NAMED_IAM, ...
  std::string role_arn;
  TagMap tags;
  std::vector<std::string> notification_arns;
  std::optional<bool> disable_rollback;
  std::string client_request_token;
};

struct CreateStackRequest {
  CfnStackInput stack;
  std::string on_failure;  // DO_NOTHING, ROLLBACK, DELETE (not with disable_rollback)
  std::optional<int> timeout_in_minutes;
  std::optional<bool> enable_termination_protection;
};

struct DeleteStackRequest {
  std::string stack_name;
  std::string role_arn;
  std::string client_request_token;
  std::vector<std::string> retain_resources;
};

struct CreateChangeSetRequest {
  CfnStackInput stack;
  std::string change_set_name;  // required
  std::string change_set_type;  // CREATE, UPDATE (default), IMPORT
  std::string description;
  std::string client_token;
  std::optional<bool> include_nested_stacks;
  std::string on_stack_failure;  // DO_NOTHING, ROLLBACK, DELETE
};

struct ExecuteChangeSetRequest {
  std::string change_set_name;  // name or ARN
  std::string stack_name;       // needed when change_set_name is a name
  std::string client_request_token;
  std::optional<bool> disable_rollback;
};

struct GetTemplateRequest {
  std::string stack_name;
  std::string change_set_name;
  std::string template_stage;  // Original, Processed
};

struct CfnStack {
  Json raw;
  std::string id;
  std::string name;
  std::string status;  // CREATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, ...
  std::string status_reason;
  std::string change_set_id;
  std::map<std::string, std::string> outputs;     // OutputKey -> OutputValue
  std::map<std::string, std::string> parameters;  // ParameterKey -> ParameterValue
  TagMap tags;
  std::optional<SystemTime> creation_time;
  std::optional<SystemTime> last_updated_time;
};

struct CfnStackEvent {
  Json raw;
  std::string event_id;
  std::string stack_id;
  std::string stack_name;
  std::string logical_resource_id;
  std::string physical_resource_id;
  std::string resource_type;
  std::string resource_status;
  std::string resource_status_reason;
  std::string client_request_token;
  std::optional<SystemTime> timestamp;
};

struct CfnChangeSetRef {
  std::string id;
  std::string stack_id;
};

struct CfnChangeSet {
  Json raw;  // the first page
  std::string id;
  std::string name;
  std::string stack_id;
  std::string stack_name;
  std::string status;            // CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, FAILED, ...
  std::string status_reason;     // "The submitted information didn't contain changes..." on FAILED
  std::string execution_status;  // UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, ...
  Json changes;                  // every page's Changes, as an array
};

Json BuildCreateStackInput(const CreateStackRequest& r);
Json BuildUpdateStackInput(const CfnStackInput& r);
Json BuildDeleteStackInput(const DeleteStackRequest& r);
Json BuildDescribeStacksInput(const std::string& stack_name);
Json BuildDescribeStackEventsInput(const std::string& stack_name);
Json BuildCreateChangeSetInput(const CreateChangeSetRequest& r);
Json BuildDescribeChangeSetInput(const std::string& change_set_name, const std::string& stack_name);
Json BuildExecuteChangeSetInput(const ExecuteChangeSetRequest& r);
Json BuildDeleteChangeSetInput(const std::string& change_set_name, const std::string& stack_name);
Json BuildGetTemplateInput(const GetTemplateRequest& r);

CfnStack ParseCfnStack(const Json& j);
CfnStackEvent ParseCfnStackEvent(const Json& j);
// CreateStack and UpdateStack: the StackId.
Result<std::string> ParseStackIdResponse(const Json& r, std::string_view operation);
Result<CfnChangeSetRef> ParseCreateChangeSetResponse(const Json& r);
Result<CfnChangeSet> ParseDescribeChangeSetResponse(const Json& r);
Result<std::string> ParseGetTemplateResponse(const Json& r);

// True for UpdateStack's "No updates are to be performed." ValidationError.
bool IsNoUpdatesError(const Status& s);

class CloudFormationApi {
 public:
  virtual ~CloudFormationApi() = default;
  virtual Result<std::string> CreateStack(const CreateStackRequest& r) = 0;  // the stack id
  virtual Result<std::string> UpdateStack(const CfnStackInput& r) = 0;
  virtual Status DeleteStack(const DeleteStackRequest& r) = 0;
  // Empty `stack_name`: every stack of the account in the region.
  virtual Result<std::vector<CfnStack>> DescribeStacks(const std::string& stack_name) = 0;
  // Newest first, as CloudFormation returns them.
  virtual Result<std::vector<CfnStackEvent>> DescribeStackEvents(const std::string& stack_name) = 0;
  virtual Result<CfnChangeSetRef> CreateChangeSet(const CreateChangeSetRequest& r) = 0;
  virtual Result<CfnChangeSet> DescribeChangeSet(const std::string& change_set_name, const std::string& stack_name) = 0;
  virtual Status ExecuteChangeSet(const ExecuteChangeSetRequest& r) = 0;
  virtual Status DeleteChangeSet(const std::string& change_set_name, const std::string& stack_name) = 0;
  virtual Result<std::string> GetTemplate(const GetTemplateRequest& r) = 0;  // the body
};

class HttpCloudFormationApi final : public CloudFormationApi {
 public:
  explicit HttpCloudFormationApi(AwsClient& client);  // `client` must outlive this object

  Result<std::string> CreateStack(const CreateStackRequest& r) override;
  Result<std::string> UpdateStack(const CfnStackInput& r) override;
  Status DeleteStack(const DeleteStackRequest& r) override;
  Result<std::vector<CfnStack>> DescribeStacks(const std::string& stack_name) override;
  Result<std::vector<CfnStackEvent>> DescribeStackEvents(const std::string& stack_name) override;
  Result<CfnChangeSetRef> CreateChangeSet(const CreateChangeSetRequest& r) override;
  Result<CfnChangeSet> DescribeChangeSet(const std::string& change_set_name, const std::string& stack_name) override;
  Status ExecuteChangeSet(const ExecuteChangeSetRequest& r) override;
  Status DeleteChangeSet(const std::string& change_set_name, const std::string& stack_name) override;
  Result<std::string> GetTemplate(const GetTemplateRequest& r) override;

 private:
  AwsClient& client_;
};

}  // namespace berth::aws
