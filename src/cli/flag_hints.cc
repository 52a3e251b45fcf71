#include "cli/flag_hints.h"

#include <fmt/format.h>

#include <string_view>
#include <vector>

namespace berth::cli {
namespace {

struct FieldFlag {
  std::string_view field;
  std::string_view flag;
  // What to say instead of "check <flag>", for fields where that is not the advice.
  std::string_view advice = {};
};

constexpr FieldFlag kFieldFlags[] = {
    {"cluster", "--cluster"},
    {"service", "--service"},
    {"region", "--region"},
    {"family", "--family"},
    {"images", "--image"},
    {"envs", "--env"},
    {"task_definition", "--task-definition"},
    {"desired_count", "--desired-count"},
    {"min_healthy_percent", "--min-healthy-percent"},
    {"max_percent", "--max-percent"},
    {"deployment_id", "--deployment"},
    {"wait", "--no-wait"},
    {"to", "--to", "pass --to REVISION"},
    {"force", "--force", "pass --force to do it anyway"},
    {"state", "--state", "pass --state FILE (or set BERTH_STATE) to keep berth's state elsewhere"},
};

const FieldFlag* Find(std::string_view field) {
  for (const FieldFlag& f : kFieldFlags) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

std::string JoinAnd(const std::vector<std::string_view>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

Status WithFlagHints(Status status) {
  if (status.ok() || status.fields().empty()) return status;
  std::vector<std::string_view> checks;
  std::vector<std::string_view> advice;
  for (const std::string& field : status.fields()) {
    const FieldFlag* f = Find(field);
    if (f == nullptr) continue;
    if (f->advice.empty()) {
      checks.push_back(f->flag);
    } else {
      advice.push_back(f->advice);
    }
  }
  std::string hint;
  if (!checks.empty()) hint = "check " + JoinAnd(checks);
  for (std::string_view a : advice) hint += (hint.empty() ? "" : "; ") + std::string(a);
  if (hint.empty()) return status;
  Status out(status.code(), fmt::format("{}; {}", status.message(), hint));
  out.SetAwsDetail(status.aws_code(), status.http_status(), status.request_id());
  for (const std::string& field : status.fields()) out.AddField(field);
  return out;
}

}  // namespace berth::cli
