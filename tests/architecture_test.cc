// The layering docs/architecture.md describes, checked on the sources:
// which folders' headers each layer may include, and that domain and store
// code never names a command-line flag (errors carry request fields, the CLI
// adds its flags: cli/flag_hints.h). Tests, benchmarks and fuzz targets are
// exempt: they may reach anything.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace berth {
namespace {

namespace fs = std::filesystem;

struct Layer {
  std::string folder;                // under src/
  std::vector<std::string> may_use;  // include prefixes allowed besides its own folder
};

// Arrows point down only. sim/ uses the pure SigV4 pieces of aws/ to verify
// signatures, and botocore's input shapes (aws/call/input_model.h, the model,
// not berth's client) to type-check requests, and nothing else of berth's
// client: the simulator must not know what berth will ask of it.
const std::vector<Layer> kLayers = {
    {"core", {}},
    {"http", {"core/"}},
    {"aws", {"core/", "http/"}},
    {"store", {"core/"}},
    {"deploy", {"core/", "aws/", "store/"}},
    {"sim", {"core/", "http/", "aws/auth/sigv4.h", "aws/auth/credentials.h", "aws/call/input_model.h"}},
};

bool IsProductSource(const fs::path& p) {
  std::string name = p.filename().string();
  std::string ext = p.extension().string();
  if (ext != ".cc" && ext != ".h") return false;
  for (const char* suffix : {"_test.cc", "_bench.cc", "_fuzz.cc"}) {
    if (name.size() > std::string(suffix).size() && name.ends_with(suffix)) return false;
  }
  return true;
}

std::vector<fs::path> SourcesOf(const std::string& folder) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(BERTH_SOURCE_DIR) / "src" / folder)) {
    if (entry.is_regular_file() && IsProductSource(entry.path())) out.push_back(entry.path());
  }
  return out;
}

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Relative(const fs::path& p) {
  return fs::relative(p, BERTH_SOURCE_DIR).string();
}

TEST(ArchitectureTest, EachLayerIncludesOnlyTheLayersBelowIt) {
  const std::regex include_re(R"re(#include "([^"]+)")re");
  int checked = 0;
  for (const Layer& layer : kLayers) {
    for (const fs::path& file : SourcesOf(layer.folder)) {
      std::string text = Read(file);
      for (auto it = std::sregex_iterator(text.begin(), text.end(), include_re); it != std::sregex_iterator(); ++it) {
        std::string header = (*it)[1];
        ++checked;
        if (header.starts_with(layer.folder + "/")) continue;
        bool allowed = false;
        for (const std::string& prefix : layer.may_use) allowed = allowed || header.starts_with(prefix);
        EXPECT_TRUE(allowed) << Relative(file) << " includes \"" << header << "\": " << layer.folder
                             << "/ may use only itself and the layers below it (docs/architecture.md)";
      }
    }
  }
  EXPECT_GT(checked, 300) << "the check found too few includes to be looking at the sources";
}

// A string literal that names a flag: "--cluster", " --image", "(--to".
TEST(ArchitectureTest, DomainAndStoreMessagesNameNoCommandLineFlag) {
  const std::regex literal_re(R"re("((?:[^"\\\n]|\\.)*)")re");
  const std::regex flag_re(R"re((^|[\s(`'])--[a-z][a-z-]+)re");
  int literals = 0;
  for (const std::string folder : {"deploy", "store"}) {
    for (const fs::path& file : SourcesOf(folder)) {
      std::string text = Read(file);
      std::istringstream lines(text);
      int number = 0;
      for (std::string line; std::getline(lines, line);) {
        ++number;
        std::string code = line.substr(0, line.find("//"));  // comments may explain flags
        if (code.find("#include") != std::string::npos) continue;
        for (auto it = std::sregex_iterator(code.begin(), code.end(), literal_re); it != std::sregex_iterator(); ++it) {
          ++literals;
          std::string literal = (*it)[1];
          EXPECT_FALSE(std::regex_search(literal, flag_re))
              << Relative(file) << ":" << number << " names a flag in \"" << literal
              << "\": name the request field (Status::AddField) and let the CLI add the flag";
        }
      }
    }
  }
  EXPECT_GT(literals, 100) << "the check found too few string literals to be looking at the sources";
}

}  // namespace
}  // namespace berth
