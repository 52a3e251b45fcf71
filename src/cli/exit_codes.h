// The table of process exit codes: what each means and what to do about it.
// `berth help exit-codes` prints it and docs/exit-codes.md holds the same table
// (a test compares them). Codes come from core/status.cc (ExitCodeFor).
//
// Thread-safety: immutable data and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::cli {

struct ExitCodeInfo {
  int code;
  std::string_view name;  // StatusCodeName, or "Changes" for 2
  std::string_view meaning;
  std::string_view action;  // what the user should do
};

// Sorted by code.
std::vector<ExitCodeInfo> ExitCodeTable();
// Aligned plain-text table for `berth help exit-codes`.
std::string ExitCodesText();
// The Markdown table kept in docs/exit-codes.md (header row included).
std::string ExitCodesMarkdown();

}  // namespace berth::cli
