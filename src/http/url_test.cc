#include "http/url.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace berth::http {
namespace {

std::string ToLowerForTest(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(UrlTest, ParsesHttpsUrlWithPathAndQuery) {
  auto url = ParseUrl("https://ECS.us-east-1.amazonaws.com/a%20b/c?x=1&y=2#frag");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "ecs.us-east-1.amazonaws.com");
  EXPECT_EQ(url->port, 0);
  EXPECT_EQ(url->path, "/a%20b/c");
  EXPECT_EQ(url->query, "x=1&y=2");
  EXPECT_EQ(url->HostHeader(), "ecs.us-east-1.amazonaws.com");
}

TEST(UrlTest, EmptyPathBecomesSlash) {
  auto url = ParseUrl("http://localhost");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->path, "/");
  EXPECT_EQ(url->query, "");
  auto with_query = ParseUrl("http://localhost?a=b");
  ASSERT_TRUE(with_query.ok());
  EXPECT_EQ(with_query->path, "/");
  EXPECT_EQ(with_query->query, "a=b");
}

TEST(UrlTest, NonDefaultPortAppearsInHostHeaderAndDefaultPortDoesNot) {
  auto local = ParseUrl("http://127.0.0.1:4566/");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->port, 4566);
  EXPECT_EQ(local->HostHeader(), "127.0.0.1:4566");
  EXPECT_EQ(local->Origin(), "http://127.0.0.1:4566");
  auto https443 = ParseUrl("https://example.com:443/");
  ASSERT_TRUE(https443.ok());
  EXPECT_EQ(https443->HostHeader(), "example.com");
  auto http80 = ParseUrl("http://example.com:80");
  ASSERT_TRUE(http80.ok());
  EXPECT_EQ(http80->HostHeader(), "example.com");
}

TEST(UrlTest, Ipv6HostKeepsBracketsWithAndWithoutPort) {
  auto a = ParseUrl("http://[::1]:8080/x");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "[::1]");
  EXPECT_EQ(a->port, 8080);
  EXPECT_EQ(a->HostHeader(), "[::1]:8080");
  auto b = ParseUrl("https://[2001:DB8::1]/");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "[2001:db8::1]");
  EXPECT_EQ(b->port, 0);
}

TEST(UrlTest, EmptyPortMeansTheDefaultAsRfc3986Allows) {
  auto url = ParseUrl("http://host:/x");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->port, 0);
  EXPECT_EQ(url->HostHeader(), "host");
}

TEST(UrlTest, DropsUserInfo) {
  auto url = ParseUrl("https://user:pw@example.com/");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "example.com");
}

TEST(UrlTest, RejectsMalformedUrls) {
  for (const char* bad :
       {"ecs.amazonaws.com", "ftp://example.com/", "https://", "https:///path", "http://:80/", "http://host:port/",
        "http://host:0/", "http://host:65536/", "http://host:99999999999/", "http://[::1/", "http://[::1]x/"}) {
    EXPECT_FALSE(ParseUrl(bad).ok()) << bad;
  }
}

TEST(UrlTest, ViewParseGivesTheSamePiecesAsTheOwningParse) {
  for (const char* text :
       {"https://ECS.us-east-1.amazonaws.com/a%20b/c?x=1&y=2#frag", "http://localhost", "http://localhost?a=b",
        "HTTP://Example.com:80", "https://[2001:DB8::1]:8443/p?", "http://user:pw@Host:/x"}) {
    auto owned = ParseUrl(text);
    auto view = ParseUrlView(text);
    ASSERT_TRUE(owned.ok()) << text;
    ASSERT_TRUE(view.ok()) << text;
    EXPECT_EQ(ToLowerForTest(view->scheme), owned->scheme) << text;
    EXPECT_EQ(ToLowerForTest(view->host), owned->host) << text;
    EXPECT_EQ(view->port, owned->port) << text;
    EXPECT_EQ(view->path, owned->path) << text;
    EXPECT_EQ(view->query, owned->query) << text;
    EXPECT_EQ(view->HostHeader(), owned->HostHeader()) << text;
  }
}

TEST(UrlTest, ViewParseRejectsWhatTheOwningParseRejects) {
  for (const char* bad : {"ecs.amazonaws.com", "ftp://example.com/", "https://", "http://host:0/", "http://[::1/"}) {
    auto view = ParseUrlView(bad);
    ASSERT_FALSE(view.ok()) << bad;
    EXPECT_EQ(view.status().message(), ParseUrl(bad).status().message()) << bad;
  }
}

TEST(UrlTest, UriEncodeLeavesOnlyUnreservedCharacters) {
  EXPECT_EQ(UriEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b+c/d=e&f%"), "a%20b%2Bc%2Fd%3De%26f%25");
  EXPECT_EQ(UriEncode("/a b/c", /*keep_slash=*/true), "/a%20b/c");
  EXPECT_EQ(UriEncode("\xe1\x88\xb4"), "%E1%88%B4");
  EXPECT_EQ(UriEncode(std::string("\0\xff", 2)), "%00%FF");
}

TEST(UrlTest, UriDecodeHandlesEscapesPlusAndInvalidSequences) {
  EXPECT_EQ(UriDecode("a%20b%2fc%2F"), "a b/c/");
  EXPECT_EQ(UriDecode("a+b"), "a+b");
  EXPECT_EQ(UriDecode("a+b", /*plus_as_space=*/true), "a b");
  EXPECT_EQ(UriDecode("100%"), "100%");
  EXPECT_EQ(UriDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(UriDecode("%E1%88%B4"), "\xe1\x88\xb4");
}

TEST(UrlTest, EncodeThenDecodeRoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(UriDecode(UriEncode(all)), all);
}

TEST(UrlTest, ParseQuerySplitsDecodesAndKeepsRepeatsAndEmptyValues) {
  auto q = ParseQuery("a=1&b=&c&a=2&&d=x%3Dy&e=a+b");
  using P = std::pair<std::string, std::string>;
  ASSERT_EQ(q.size(), 6u);
  EXPECT_EQ(q[0], P("a", "1"));
  EXPECT_EQ(q[1], P("b", ""));
  EXPECT_EQ(q[2], P("c", ""));
  EXPECT_EQ(q[3], P("a", "2"));
  EXPECT_EQ(q[4], P("d", "x=y"));
  EXPECT_EQ(q[5], P("e", "a+b"));
  EXPECT_EQ(ParseQuery("e=a+b", /*plus_as_space=*/true)[0].second, "a b");
  EXPECT_TRUE(ParseQuery("").empty());
}

}  // namespace
}  // namespace berth::http
