// Cross-checks berth's signer against botocore's SigV4Auth (Debian's
// /usr/bin/python3 with python3-botocore, installed by scripts/install-deps.sh)
// on a deterministic batch of awkward requests. botocore runs once for the
// whole batch through tests/tools/botocore_sign.py.
//
// Both signers get the same wire URL: botocore's own serializers hand its
// signer an already percent-encoded path and query, and that is the form AWS
// verifies (non-S3 paths are encoded once more when canonicalized).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "aws/auth/sigv4.h"
#include "core/crypto.h"
#include "http/url.h"
#include "support/oracles.h"

namespace berth::aws {
namespace {

namespace fs = std::filesystem;

constexpr int kRequests = 240;
constexpr std::string_view kAmzDate = "20240315T101112Z";

struct GenRequest {
  http::Request http;
  Credentials creds;
  std::string region, service;
};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  GenRequest Next(int i) {
    GenRequest g;
    static const char* kServices[] = {"ecs", "ecr", "elasticloadbalancing", "sts"};
    static const char* kRegions[] = {"us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"};
    g.service = kServices[i % 4];
    g.region = Pick(kRegions);
    g.creds = {"AKIDEXAMPLE" + std::to_string(i % 7), "secret/" + RandomHex(8) + "+key", "", {}, "test"};
    if (Chance(2)) g.creds.session_token = "FwoGZXIvYXdzE" + RandomHex(20) + "//+=";
    std::string host = g.service + "." + g.region + ".amazonaws.com";
    if (Chance(8)) host = "127.0.0.1:" + std::to_string(4000 + i);
    g.http.method = Chance(3) ? "GET" : "POST";
    g.http.url = "https://" + host + WirePath() + WireQuery();
    g.http.headers = http::Headers();
    AddHeaders(g);
    g.http.body = Body(g.http.method);
    return g;
  }

 private:
  template <size_t N>
  const char* Pick(const char* (&items)[N]) {
    return items[rng_() % N];
  }
  bool Chance(int one_in) { return rng_() % one_in == 0; }

  // Raw path segments; the wire form encodes each (as botocore's serializer does).
  std::string WirePath() {
    static const char* kSegments[] = {"a",
                                      "b c",
                                      "caf\xc3\xa9",
                                      "\xe4\xb8\xad\xe6\x96\x87",
                                      ".",
                                      "..",
                                      "",
                                      "x:y@z",
                                      "a+b=c",
                                      "!$&'()*,;",
                                      "%41",
                                      "~tilde_-.",
                                      "q?mark",
                                      "h#ash",
                                      "2015-03-31",
                                      "functions",
                                      "my-func",
                                      "\xf0\x9f\x9a\x80"};
    int n = rng_() % 5;
    std::string path;
    for (int k = 0; k < n; ++k) path += "/" + http::UriEncode(Pick(kSegments));
    if (path.empty() || Chance(3)) path += "/";
    return path;
  }

  std::string WireQuery() {
    static const char* kKeys[] = {"Action",   "a",   "b",   "Version", "key with space",
                                  "\xc3\xbc", "r&s", "x=y", "%7E",     "Marker"};
    static const char* kValues[] = {"",        "1",   "value", "a b", "caf\xc3\xa9",  "a+b",
                                    "/path/x", "%2F", "=",     "~",   "\xe2\x82\xac", "2015-12-01"};
    if (Chance(3)) return "";
    int n = 1 + rng_() % 5;
    std::string q;
    for (int k = 0; k < n; ++k) {
      if (!q.empty()) q += "&";
      q += http::UriEncode(Pick(kKeys));
      if (Chance(6)) continue;  // key without '='
      q += "=" + http::UriEncode(Pick(kValues));
      if (Chance(4)) q += "&" + http::UriEncode(kKeys[0]) + "=" + http::UriEncode(Pick(kValues));  // repeated key
    }
    return "?" + q;
  }

  void AddHeaders(GenRequest& g) {
    static const char* kValues[] = {"plain",
                                    "  leading and trailing  ",
                                    "runs    of\t\tspaces",
                                    "caf\xc3\xa9 \xe4\xb8\xad",
                                    "a,b",
                                    "\"quoted   value\"",
                                    "",
                                    "x=y; z=w",
                                    "\xf0\x9f\x9a\x80 rocket"};
    auto& h = g.http.headers;
    if (g.service == "ecs" || g.service == "ecr") {
      h.emplace_back("X-Amz-Target", g.service == "ecs" ? "AmazonEC2ContainerServiceV20141113.DescribeServices"
                                                        : "AmazonEC2ContainerRegistry_V20150921.DescribeImages");
      h.emplace_back("Content-Type", "application/x-amz-json-1.1");
    } else {
      h.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }
    int n = rng_() % 4;
    for (int k = 0; k < n; ++k) h.emplace_back(Chance(2) ? "X-Custom-Header" : "x-other", Pick(kValues));
    if (Chance(3)) h.emplace_back("X-Amz-Meta-Repeat", Pick(kValues));
    if (Chance(3)) h.emplace_back("x-amz-meta-repeat", Pick(kValues));
    if (Chance(4)) h.emplace_back("User-Agent", "berth/0.1 test");  // never signed by either
  }

  std::string Body(const std::string& method) {
    static const char* kBodies[] = {
        "",
        "{}",
        R"({"cluster":"prod","services":["web","api"]})",
        "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing",
        "{\"name\":\"caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x9a\x80\"}",
        "Action=GetCallerIdentity&Version=2011-06-15",
        "  whitespace\n\tbody  "};
    if (method == "GET") return Chance(3) ? "" : Pick(kBodies);
    return Pick(kBodies);
  }

  std::mt19937 rng_;
};

std::string CanonicalOf(const http::Request& signed_req) {
  auto url = http::ParseUrl(signed_req.url);
  auto auth = ParseAuthorizationHeader(*http::FindHeader(signed_req.headers, "authorization"));
  return CanonicalRequest(signed_req.method, url->path, url->query, signed_req.headers, auth->signed_headers,
                          Sha256Hex(signed_req.body));
}

std::string Describe(const GenRequest& g) {
  std::string out = g.http.method + " " + g.http.url + " (" + g.region + "/" + g.service +
                    (g.creds.session_token.empty() ? "" : ", token") + ")\n";
  for (const auto& [n, v] : g.http.headers) out += "  " + n + ": " + v + "\n";
  out += "  body: " + g.http.body;
  return out;
}

TEST(SigV4BotocoreTest, MatchesBotocoreOnTwoHundredFortyGeneratedRequests) {
  if (!berth::testing::PythonCanImport("/usr/bin/python3", "botocore")) {
    BERTH_ORACLE_UNAVAILABLE(berth::testing::Oracle::kBotocore,
                             "/usr/bin/python3 cannot import botocore (Debian's python3-botocore)");
  }
  fs::path script = fs::path(BERTH_SOURCE_DIR) / "tests/tools/botocore_sign.py";
  ASSERT_TRUE(fs::exists(script)) << script;

  Generator gen(20240315);
  std::vector<GenRequest> reqs;
  nlohmann::json batch = nlohmann::json::array();
  for (int i = 0; i < kRequests; ++i) {
    GenRequest g = gen.Next(i);
    nlohmann::json headers = nlohmann::json::array();
    for (const auto& [n, v] : g.http.headers) headers.push_back({n, v});
    batch.push_back({{"method", g.http.method},
                     {"url", g.http.url},
                     {"headers", headers},
                     {"body", g.http.body},
                     {"access_key", g.creds.access_key_id},
                     {"secret_key", g.creds.secret_access_key},
                     {"token", g.creds.session_token},
                     {"region", g.region},
                     {"service", g.service},
                     {"amz_date", std::string(kAmzDate)}});
    reqs.push_back(std::move(g));
  }
  fs::path input = fs::temp_directory_path() / ("berth_sigv4_botocore_" + RandomHex(6) + ".json");
  {
    std::ofstream out(input, std::ios::binary);
    out << batch.dump();
  }
  std::string cmd = "/usr/bin/python3 '" + script.string() + "' < '" + input.string() + "' 2>&1";
  std::string output;
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  int rc = pclose(pipe);
  fs::remove(input);
  ASSERT_EQ(rc, 0) << "botocore_sign.py failed (is python3-botocore installed? run scripts/install-deps.sh):\n"
                   << output.substr(0, 2000);
  auto results = nlohmann::json::parse(output, nullptr, false);
  ASSERT_TRUE(results.is_array()) << output.substr(0, 2000);
  ASSERT_EQ(results.size(), reqs.size());

  SystemTime t = *ParseAmzDate(kAmzDate);
  int mismatches = 0;
  for (size_t i = 0; i < reqs.size(); ++i) {
    GenRequest& g = reqs[i];
    ASSERT_TRUE(SignRequest(g.http, g.creds, {g.region, g.service, t}).ok()) << Describe(g);
    std::string canonical = CanonicalOf(g.http);
    const std::string& auth = *http::FindHeader(g.http.headers, "authorization");
    if (canonical != results[i]["canonical_request"] || auth != results[i]["authorization"]) {
      ++mismatches;
      ADD_FAILURE() << "request " << i << " differs from botocore:\n"
                    << Describe(g) << "\nberth canonical:\n"
                    << canonical << "\nbotocore canonical:\n"
                    << results[i]["canonical_request"].get<std::string>() << "\nberth:    " << auth
                    << "\nbotocore: " << results[i]["authorization"].get<std::string>();
      if (mismatches >= 5) break;  // enough to diagnose
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace berth::aws
