#include "aws/call/protocol_query.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fmt/format.h>

#include <set>

#include "aws/call/errors.h"
#include "core/strings.h"
#include "http/url.h"

namespace berth::aws {
namespace {

std::string ScalarText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();  // numbers: integers as integers, doubles round-trip
}

void Flatten(const std::string& prefix, const Json& value, std::string& out) {
  if (value.is_null()) return;
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      Flatten(prefix.empty() ? key : prefix + "." + key, child, out);
    }
    return;
  }
  if (value.is_array()) {
    if (value.empty()) {
      out += "&" + http::UriEncode(prefix) + "=";
      return;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      Flatten(fmt::format("{}.member.{}", prefix, i + 1), value[i], out);
    }
    return;
  }
  out += "&" + http::UriEncode(prefix) + "=" + http::UriEncode(ScalarText(value));
}

bool HasElementChildren(const pugi::xml_node& node) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

Json Convert(const pugi::xml_node& node) {
  if (!HasElementChildren(node)) return std::string(node.text().get());
  bool all_members = true;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && std::string_view(c.name()) != "member") all_members = false;
  }
  if (all_members) {
    Json arr = Json::array();
    for (pugi::xml_node c : node.children("member")) arr.push_back(Convert(c));
    return arr;
  }
  Json obj = Json::object();
  std::set<std::string, std::less<>> repeated;  // names already turned into arrays
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    Json value = Convert(c);
    auto it = obj.find(c.name());
    if (it == obj.end()) {
      obj[c.name()] = std::move(value);
      continue;
    }
    // A repeated name is a flattened list.
    if (repeated.insert(c.name()).second) *it = Json::array({std::move(*it)});
    it->push_back(std::move(value));
  }
  return obj;
}

}  // namespace

std::string EncodeQueryBody(std::string_view operation, std::string_view api_version, const Json& input) {
  std::string out = "Action=" + http::UriEncode(operation) + "&Version=" + http::UriEncode(api_version);
  if (input.is_object()) Flatten("", input, out);
  return out;
}

void EncodeQueryRequest(const ServiceInfo& service, std::string_view operation, const Json& input,
                        http::Request& request) {
  request.method = "POST";
  http::SetHeader(request.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = EncodeQueryBody(operation, service.api_version, input);
}

Result<Json> DecodeQueryResponse(const ServiceInfo& service, std::string_view operation,
                                 const http::Response& response) {
  pugi::xml_document doc;
  if (Trim(response.body).empty() || !doc.load_buffer(response.body.data(), response.body.size())) {
    return BadResponseStatus(service, operation, response, "a body that is not valid XML (truncated?)");
  }
  pugi::xml_node root = doc.document_element();
  std::string expected_root = fmt::format("{}Response", operation);
  if (std::string_view(root.name()) != expected_root) {
    return BadResponseStatus(service, operation, response, fmt::format("XML without <{}>", expected_root));
  }
  Json out = Json::object();
  pugi::xml_node result = root.child(fmt::format("{}Result", operation).c_str());
  if (result && HasElementChildren(result)) out = Convert(result);
  std::string request_id = root.child("ResponseMetadata").child_value("RequestId");
  if (request_id.empty()) request_id = RequestIdFromHeaders(response.headers);
  out["ResponseMetadata"] = Json{{"RequestId", request_id}};
  return out;
}

Result<Json> XmlElementToJson(std::string_view xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return BadResponse("not valid XML");
  return Convert(doc.document_element());
}

}  // namespace berth::aws
