#include "core/bounded_read.h"

#include <fstream>

#include <gtest/gtest.h>

#include "core/temp_dir.h"

namespace berth {
namespace {

TEST(ReadAtMost, AFileWithinTheLimitIsReadWholeAndOneBeyondItIsCut) {
  TempDir dir("berth-bounded-read");
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.path() + "/f";
  std::ofstream(path) << "0123456789";
  auto whole = ReadAtMost(path, 10);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->text, "0123456789");
  EXPECT_FALSE(whole->too_large);
  auto cut = ReadAtMost(path, 9);
  ASSERT_TRUE(cut.ok());
  EXPECT_TRUE(cut->too_large);
  EXPECT_EQ(cut->text, "012345678");
}

TEST(ReadAtMost, AnEndlessFileStopsOneBytePastTheLimit) {
  auto zero = ReadAtMost("/dev/zero", 4096);
  ASSERT_TRUE(zero.ok()) << zero.status().ToString();
  EXPECT_TRUE(zero->too_large);
  EXPECT_EQ(zero->text.size(), 4096u);
}

TEST(ReadAtMost, ADirectoryOrAMissingFileIsAnErrorNamingIt) {
  TempDir dir("berth-bounded-read");
  auto d = ReadAtMost(dir.path(), 10);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("file " + dir.path() + " is a directory"), std::string::npos)
      << d.status().message();
  auto missing = ReadAtMost(dir.path() + "/nope", 10);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("No such file"), std::string::npos) << missing.status().message();
}

}  // namespace
}  // namespace berth
