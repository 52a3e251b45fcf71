// `berth api SERVICE OPERATION [--input JSON|file://PATH]`: one raw AWS call,
// with berth's credentials, endpoints, retries and redaction, for troubleshooting.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/service.h"
#include "aws/config/endpoints.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/service_session.h"
#include "core/bounded_read.h"
#include "core/strings.h"
#include "core/suggest.h"

namespace berth::cli {
namespace {

struct ApiOptions {
  std::string service;
  std::string operation;
  std::string input = "{}";  // --input: JSON text or file://PATH; default {}
};

// More than any AWS API takes in one request body; a bigger --input file
// (or /dev/zero) is refused before it is read whole.
constexpr size_t kMaxInputFileBytes = 10 * 1024 * 1024;

Result<std::string> ReadInputText(const std::string& input) {
  if (!StartsWith(input, "file://")) return input;
  std::string path = input.substr(7);
  auto read = ReadAtMost(path, kMaxInputFileBytes, "--input file");
  if (!read.ok()) return InvalidArgument(read.status().message() + "; check the path");
  if (read->too_large) {
    return InvalidArgument(
        fmt::format("--input file {} is larger than 10 MiB, more than an AWS API request takes; "
                    "nothing was read further or sent",
                    path));
  }
  return std::move(read->text);
}

// Parses the input document; errors carry the line and column of the fault.
Result<Json> ParseInput(const std::string& text) {
  try {
    Json doc = Json::parse(text);
    if (!doc.is_object()) {
      return InvalidArgument("--input must be a JSON object, e.g. '{\"cluster\":\"c\"}'");
    }
    return doc;
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based: the byte at which parsing failed.
    size_t byte = std::min(e.byte == 0 ? 0 : e.byte - 1, text.size());
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
    size_t last_nl = text.rfind('\n', byte == 0 ? 0 : byte - 1);
    size_t column = last_nl == std::string::npos || byte == 0 ? byte + 1 : byte - last_nl;
    std::string what = e.what();
    // nlohmann's text ends with the reason after "; ", which is the useful part.
    size_t semi = what.rfind("; ");
    if (semi != std::string::npos) what = what.substr(semi + 2);
    return InvalidArgument(
        fmt::format("--input is not valid JSON at line {}, column {} (byte {}): {}", line, column, byte + 1, what));
  }
}

bool LooksLikeOperation(std::string_view op) {
  return !op.empty() && std::isupper(static_cast<unsigned char>(op[0])) &&
         std::all_of(op.begin(), op.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

std::vector<std::string> ServiceNames() {
  std::vector<std::string> list;
  for (const aws::ServiceInfo& s : aws::AllServices()) list.emplace_back(s.name);
  return list;
}

Status UnknownService(std::string_view name) {
  std::vector<std::string> list = ServiceNames();
  std::string message = fmt::format("unknown service '{}'", name);
  if (auto guess = SuggestClosest(name, list)) message += fmt::format("; did you mean '{}'?", *guess);
  message += fmt::format(" Known services: {}.", Join(list, ", "));
  return InvalidArgument(message);
}

void AddApiFlags(ArgParser& parser, ApiOptions* o) {
  parser.AddString({.name = "--input",
                    .value = "JSON|file://PATH",
                    .help = "the operation's input ({} when omitted), or file://PATH to read it from a file",
                    .complete = ValueCompletion::kFileUrl},
                   &o->input);
  parser.AddPositional({"SERVICE", ServiceNames()});
  parser.AddPositional({"OPERATION"});
}

Status ParseApiArgs(const CommandContext& ctx, const std::vector<std::string>& args, ApiOptions* o) {
  ArgParser parser(ctx.usage);
  AddApiFlags(parser, o);
  std::vector<std::string> positionals;
  BERTH_RETURN_IF_ERROR(parser.Parse(args, &positionals));
  if (positionals.size() != 2) {
    return parser.UsageError(positionals.size() < 2 ? "SERVICE and OPERATION are required" : "too many arguments");
  }
  o->service = positionals[0];
  o->operation = positionals[1];
  if (!LooksLikeOperation(o->operation)) {
    return parser.UsageError(
        fmt::format("'{}' is not an operation name; operations are CamelCase, e.g. DescribeServices", o->operation));
  }
  return Status::Ok();
}

Status RunApi(CommandContext& ctx, const std::vector<std::string>& args) {
  ApiOptions options;
  BERTH_RETURN_IF_ERROR(ParseApiArgs(ctx, args, &options));
  const aws::ServiceInfo* service = aws::FindService(options.service);
  if (service == nullptr) return UnknownService(options.service);
  BERTH_ASSIGN_OR_RETURN(std::string text, ReadInputText(options.input));
  BERTH_ASSIGN_OR_RETURN(Json input, ParseInput(text));

  BERTH_ASSIGN_OR_RETURN(auto aws, OpenAwsStack(ctx));
  if (auto endpoint = aws::ResolveEndpoint(*service, aws->settings); endpoint.ok()) {
    BERTH_LOG_INFO("calling {} {} at {} (signing region {})", service->name, options.operation, endpoint->url,
                   endpoint->signing_region);
  }
  auto response = aws->client->Call(*service, options.operation, input);
  // The client's status already names the service and operation.
  if (!response.ok()) return response.status();
  ctx.reporter.Result(*response, response->dump(2, ' ', false, Json::error_handler_t::replace));
  return Status::Ok();
}

}  // namespace

int CmdApi(CommandContext& ctx, const std::vector<std::string>& args) {
  return Finish(ctx, RunApi(ctx, args));
}

ArgSpecs ApiArgSpecs() {
  return DescribeArgs(&AddApiFlags);
}

}  // namespace berth::cli
