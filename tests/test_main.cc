// The one test binary's main: GoogleTest plus berth's test-wide setup.
#include <gtest/gtest.h>

#include "core/log.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  // Tests that want log output raise the level themselves.
  berth::SetLogLevel(berth::LogLevel::kError);
  return RUN_ALL_TESTS();
}
