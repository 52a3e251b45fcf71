#include "aws/call/protocol_query.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
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

// Adds `value` as `name` of `obj`; a repeated name is a flattened list
// (`repeated` holds the names already turned into arrays).
void AddElement(Json& obj, std::set<std::string, std::less<>>& repeated, const char* name, Json value) {
  auto it = obj.find(name);
  if (it == obj.end()) {
    obj[name] = std::move(value);
    return;
  }
  if (repeated.insert(name).second) *it = Json::array({std::move(*it)});
  it->push_back(std::move(value));
}

// The generic conversion, for what no model describes.
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
  std::set<std::string, std::less<>> repeated;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element) AddElement(obj, repeated, c.name(), Convert(c));
  }
  return obj;
}

// A leaf's text as its shape's JSON type; text that does not parse as that
// type stays the string it was (the answer is shown, not refused).
Json Scalar(const std::string& type, std::string text) {
  // Surrounding whitespace is not part of a number or a boolean (botocore's int() and float() agree).
  const std::string trimmed(Trim(text));
  if (type == "integer" || type == "long") {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), n);
    if (ec == std::errc() && end == trimmed.data() + trimmed.size() && !trimmed.empty()) return n;
  } else if (type == "double" || type == "float") {
    char* end = nullptr;
    double d = std::strtod(trimmed.c_str(), &end);
    if (!trimmed.empty() && end == trimmed.c_str() + trimmed.size() && std::isfinite(d)) return d;
  } else if (type == "boolean") {
    if (trimmed == "true") return true;
    if (trimmed == "false") return false;
  }
  return text;  // string, timestamp (as sent: ISO 8601), blob (base64), and what did not parse
}

// The conversion that follows an output shape (aws/call/output_model.h).
class ShapedXml {
 public:
  explicit ShapedXml(const OutputModel& model) : model_(model) {}

  Json Value(const pugi::xml_node& node, std::string_view shape_name) const {
    const OutputModel::Shape* shape = model_.FindShape(shape_name);
    if (shape == nullptr) return Convert(node);
    if (shape->type == "structure") return Structure(node, *shape);
    if (shape->type == "list") {
      Json arr = Json::array();
      if (shape->flattened) {
        arr.push_back(Value(node, shape->element));  // reached outside a structure: the node is one item
        return arr;
      }
      for (pugi::xml_node item : node.children(shape->item_name.c_str())) arr.push_back(Value(item, shape->element));
      return arr;
    }
    if (shape->type == "map") {
      Json obj = Json::object();
      if (shape->flattened) {
        AddEntry(obj, node, *shape);
        return obj;
      }
      for (pugi::xml_node entry : node.children("entry")) AddEntry(obj, entry, *shape);
      return obj;
    }
    if (HasElementChildren(node)) return Convert(node);  // elements where the model has a leaf
    return Scalar(shape->type, node.text().get());
  }

 private:
  Json Structure(const pugi::xml_node& node, const OutputModel::Shape& shape) const {
    Json obj = Json::object();
    std::set<std::string, std::less<>> repeated;  // unknown names turned into arrays
    for (pugi::xml_node c : node.children()) {
      if (c.type() != pugi::node_element) continue;
      auto known = shape.by_xml_name.find(std::string_view(c.name()));
      if (known == shape.by_xml_name.end()) {
        // A member newer than the model: as the generic conversion has it.
        AddElement(obj, repeated, c.name(), Convert(c));
        continue;
      }
      const std::string& name = known->second;
      const OutputModel::Member& member = shape.members.find(name)->second;
      const OutputModel::Shape* target = model_.FindShape(member.shape);
      bool flattened = target != nullptr && (member.flattened || target->flattened);
      if (flattened && target->type == "list") {
        Json& items = obj[name];
        if (!items.is_array()) items = Json::array();
        items.push_back(Value(c, target->element));
      } else if (flattened && target->type == "map") {
        Json& entries = obj[name];
        if (!entries.is_object()) entries = Json::object();
        AddEntry(entries, c, *target);
      } else if (!obj.contains(name)) {
        obj[name] = Value(c, member.shape);
      }
    }
    return obj;
  }

  void AddEntry(Json& obj, const pugi::xml_node& entry, const OutputModel::Shape& map) const {
    std::string key = entry.child(map.key_name.c_str()).text().get();
    obj[key] = Value(entry.child(map.value_name.c_str()), map.element);
  }

  const OutputModel& model_;
};

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
  const OutputModel* model = OutputModel::ForService(service.botocore_name);
  const OutputModel::Operation* op = model != nullptr ? model->FindOperation(operation) : nullptr;
  if (op != nullptr && model->FindShape(op->shape) != nullptr) {
    pugi::xml_node result = root.child(op->result_element.c_str());
    if (result) out = ShapedXml(*model).Value(result, op->shape);
  } else {
    // An operation the model does not know (newer than it): the generic conversion.
    pugi::xml_node result = root.child(fmt::format("{}Result", operation).c_str());
    if (result && HasElementChildren(result)) out = Convert(result);
  }
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

Result<Json> XmlElementToJson(std::string_view xml, const OutputModel& model, std::string_view shape) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return BadResponse("not valid XML");
  return ShapedXml(model).Value(doc.document_element(), shape);
}

}  // namespace berth::aws
