#include "core/status.h"

#include <gtest/gtest.h>

#include "core/result.h"

#include <set>

namespace berth {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd");
  return x / 2;
}

Status Chain(int x, int* out) {
  BERTH_ASSIGN_OR_RETURN(int h, Half(x));
  *out = h;
  return Status::Ok();
}

TEST(StatusTest, ContextIsPrefixedAndCodeKept) {
  Status s = NotFound("service web").WithContext("deploying");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "deploying: service web");
  EXPECT_EQ(s.ToString(), "NotFound: deploying: service web");
}

TEST(StatusTest, AwsDetailAppearsInToString) {
  Status s(StatusCode::kAwsError, "boom");
  s.SetAwsDetail("ClientException", 400, "req-1");
  EXPECT_EQ(s.ToString(), "AwsError: boom [ClientException, HTTP 400, request id req-1]");
}

TEST(StatusTest, ExitCodesAreDistinctAndNeverTwo) {
  std::set<int> seen;
  for (int c = 0; c <= static_cast<int>(StatusCode::kConflict); ++c) {
    int code = ExitCodeFor(static_cast<StatusCode>(c));
    EXPECT_NE(code, 2);
    EXPECT_TRUE(seen.insert(code).second) << "duplicate exit code " << code;
  }
}

TEST(ResultTest, AssignOrReturnPropagatesErrors) {
  int out = 0;
  EXPECT_TRUE(Chain(8, &out).ok());
  EXPECT_EQ(out, 4);
  Status s = Chain(3, &out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace berth
