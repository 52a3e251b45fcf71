#include "cli/app.h"

#include "core/log.h"

namespace berth::cli {

int Run(const std::vector<std::string>& args) {
  (void)args;
  WriteStdout("berth " BERTH_VERSION "\n");
  return 0;
}

}  // namespace berth::cli
