// Pagination for the simulated services: one kind of opaque page token for
// every list operation (ECS and ECR nextToken, ELBv2 Marker, CloudWatch
// NextToken), with the page window it selects.
//
// A token is base64 of "<kind><offset>", where `kind` names the service's
// token family ("ecr-offset:"), so a token is only ever read back by the
// family that made it. Clients treat tokens as opaque; a token that does not
// decode, is of another family, or carries anything but a decimal offset is
// not ours: PageOf returns nullopt and the service answers with its own AWS
// error for a bad token (ECR InvalidParameterException, ELBv2
// ValidationError, ...), never a 500. An offset past the end reads as an
// empty last page, as a list that shrank between two calls does in AWS.
//
// Reading the token and page-size members is left to each service: their
// protocols type and validate members differently.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace berth::sim {

// Items [begin, end) of a list; next_token is "" on the last page.
struct PageWindow {
  size_t begin = 0;
  size_t end = 0;
  std::string next_token;
};

// The page of at most `page_size` (>= 1) of `total` items that `token` ("" for
// the first page) starts; nullopt when `token` is not one of family `kind`.
std::optional<PageWindow> PageOf(size_t total, std::string_view token, size_t page_size, std::string_view kind);

// The token of the page starting at `offset`.
std::string PageToken(std::string_view kind, size_t offset);

}  // namespace berth::sim
