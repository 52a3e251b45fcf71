#include "core/temp_dir.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(TempDir, IsAPrivateFreshDirectoryRemovedWithItsContents) {
  std::string path;
  {
    TempDir a("berth-tempdir-test");
    TempDir b("berth-tempdir-test");
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_NE(a.path(), b.path());
    EXPECT_NE(a.path().find("berth-tempdir-test-"), std::string::npos);
    struct stat st {};
    ASSERT_EQ(::stat(a.path().c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    std::filesystem::create_directories(a.path() + "/sub");
    std::ofstream(a.path() + "/sub/file") << "x";
    path = a.path();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace berth
