// The libcurl Transport (declared in http.h).
//
// Connection reuse: every easy handle is attached to one curl share handle
// that holds the connection cache, DNS cache and TLS sessions, so a
// connection opened by one thread is reused by the next call from any thread.
// Easy handles come from a pool (one per call in flight, reused afterwards).
//
// Proxies: libcurl itself reads https_proxy/HTTPS_PROXY, ALL_PROXY and
// no_proxy/NO_PROXY for every request. For plain http:// it reads only the
// lower-case http_proxy (a guard against the "httpoxy" CGI problem); berth
// runs as a CLI, not a CGI, so the upper-case HTTP_PROXY is honoured here too
// by passing it as CURLOPT_PROXY, where libcurl still applies NO_PROXY.
// docs/aws.md documents this.
#include <curl/curl.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "core/duration.h"
#include "core/log.h"
#include "core/strings.h"
#include "http/transport.h"

namespace berth::http {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The share handle and the mutexes libcurl asks for, one per data kind.
class Share {
 public:
  Share() : share_(curl_share_init()) {
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &Share::Lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &Share::Unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
  ~Share() { curl_share_cleanup(share_); }
  Share(const Share&) = delete;
  Share& operator=(const Share&) = delete;
  CURLSH* get() const { return share_; }

 private:
  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Share*>(user)->mutexes_[Index(data)].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Share*>(user)->mutexes_[Index(data)].unlock();
  }
  static size_t Index(curl_lock_data data) {
    auto i = static_cast<size_t>(data);
    return i < kLocks ? i : 0;
  }
  static constexpr size_t kLocks = CURL_LOCK_DATA_LAST;
  CURLSH* share_;
  std::array<std::mutex, kLocks> mutexes_;
};

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// No AWS response berth reads comes near this; a larger body is an endpoint
// that is not AWS (or a proxy streaming something else), refused rather than
// held in memory.
constexpr size_t kMaxResponseBytes = size_t{256} << 20;

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > kMaxResponseBytes) return 0;  // ends the transfer: CURLE_WRITE_ERROR
  body->append(data, size * n);
  return size * n;
}

// The once-per-request "still waiting" notice (TransportOptions::slow_notice).
// libcurl calls the progress function about once a second while a transfer
// runs, response or not, which is all this needs.
struct SlowNotice {
  std::chrono::steady_clock::time_point start;
  std::chrono::milliseconds after{0};
  std::chrono::milliseconds timeout{0};
  const Request* request = nullptr;
  bool said = false;
};

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* notice = static_cast<SlowNotice*>(user);
  if (notice->said || notice->after.count() <= 0) return 0;
  auto waited = std::chrono::steady_clock::now() - notice->start;
  if (waited < notice->after) return 0;
  notice->said = true;
  const Request& r = *notice->request;
  BERTH_LOG_WARN("still waiting for a response to {} ({} so far; it gives up after {}, --request-timeout)",
                 r.what.empty() ? r.method + " " + r.url : r.what,
                 FormatDuration(std::chrono::duration_cast<Duration>(waited)),
                 FormatDuration(std::chrono::duration_cast<Duration>(notice->timeout)));
  return 0;
}

// Collects headers of the final response: a new status line (after a 100
// Continue or a proxy's CONNECT reply) starts over.
size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<Headers*>(user);
  std::string_view line(data, size * n);
  if (StartsWith(line, "HTTP/")) {
    headers->clear();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    headers->emplace_back(std::string(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
  }
  return size * n;
}

Status CurlError(CURLcode code, const char* detail, const Request& request, std::chrono::milliseconds timeout) {
  std::string what = detail[0] != '\0' ? detail : curl_easy_strerror(code);
  std::string where = request.method + " " + request.url;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      // kTimeout here is the request's own limit; AwsClient reports it as a
      // network error once retries are spent (exit 9, not "a wait ran past --timeout").
      return TimeoutError("no response within " + FormatDuration(std::chrono::duration_cast<Duration>(timeout)) +
                          " (--request-timeout): " + where +
                          "; check network access to the endpoint and any proxy (HTTPS_PROXY, NO_PROXY)");
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return NetworkError("cannot resolve host: " + where + ": " + what +
                          "; check the region, --endpoint-url and DNS/proxy settings");
    case CURLE_COULDNT_CONNECT:
      return NetworkError("cannot connect: " + where + ": " + what +
                          "; check the endpoint URL, network access and proxy settings (HTTPS_PROXY, NO_PROXY)");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return NetworkError("TLS error: " + where + ": " + what +
                          "; if a proxy intercepts TLS, point AWS_CA_BUNDLE at its CA certificate");
    default:
      return NetworkError("connection error: " + where + ": " + what + " (curl error " +
                          std::to_string(static_cast<int>(code)) + "); the call can be retried");
  }
}

class CurlTransport final : public Transport {
 public:
  static constexpr long kMaxIdleConnections = 256;

  explicit CurlTransport(TransportOptions options) : options_(std::move(options)) {
    // See the file comment: upper-case HTTP_PROXY for http:// URLs.
    const char* lower = std::getenv("http_proxy");
    const char* upper = std::getenv("HTTP_PROXY");
    if ((lower == nullptr || *lower == '\0') && upper != nullptr && *upper != '\0') http_proxy_ = upper;
  }

  ~CurlTransport() override {
    // Easy handles must go before the share they are attached to.
    std::lock_guard lock(mu_);
    idle_.clear();
  }

  Result<Response> Send(const Request& request) override {
    EasyHandle easy = Acquire();
    if (!easy) return InternalError("curl_easy_init failed (out of memory?)");
    auto result = Perform(easy.get(), request);
    Release(std::move(easy));
    return result;
  }

 private:
  EasyHandle Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        EasyHandle h = std::move(idle_.back());
        idle_.pop_back();
        return h;
      }
    }
    return EasyHandle(curl_easy_init());
  }

  void Release(EasyHandle h) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(h));
  }

  Result<Response> Perform(CURL* c, const Request& request) {
    curl_easy_reset(c);
    std::array<char, CURL_ERROR_SIZE> error{};
    Response response;

    curl_easy_setopt(c, CURLOPT_SHARE, share_.get());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error.data());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // required with threads
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    // The shared cache keeps at most this many idle connections; the default
    // (5) would close connections whenever more calls than that are in flight.
    curl_easy_setopt(c, CURLOPT_MAXCONNECTS, kMaxIdleConnections);
    curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    auto timeout = request.timeout.count() > 0 ? request.timeout : options_.request_timeout;
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    SlowNotice notice{std::chrono::steady_clock::now(), options_.slow_notice, timeout, &request};
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &OnProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &notice);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_bundle.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    if (!http_proxy_.empty() && StartsWith(request.url, "http://")) {
      curl_easy_setopt(c, CURLOPT_PROXY, http_proxy_.c_str());
    }

    if (request.method == "GET") {
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
      if (request.method != "POST") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    }

    Slist headers;
    auto add = [&headers](const std::string& line) {
      curl_slist* next = curl_slist_append(headers.get(), line.c_str());
      if (next != nullptr) {
        (void)headers.release();
        headers.reset(next);
      }
    };
    for (const auto& [name, value] : request.headers) add(value.empty() ? name + ";" : name + ": " + value);
    // No "Expect: 100-continue" round trip; no default form Content-Type.
    add("Expect:");
    if (FindHeader(request.headers, "Content-Type") == nullptr) add("Content-Type:");
    if (FindHeader(request.headers, "Accept") == nullptr) add("Accept:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WriteBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &WriteHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &response.headers);

    CURLcode rc = curl_easy_perform(c);
    // The header list dies with this frame; detach it from the reusable handle.
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
    if (rc == CURLE_WRITE_ERROR && response.body.size() + CURL_MAX_WRITE_SIZE > kMaxResponseBytes) {
      return BadResponse(
          fmt::format("{} {}: the response is larger than {} MiB; this is not an AWS API response "
                      "(check --endpoint-url and any proxy)",
                      request.method, request.url, kMaxResponseBytes >> 20));
    }
    if (rc != CURLE_OK) return CurlError(rc, error.data(), request, timeout);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
  }

  TransportOptions options_;
  std::string http_proxy_;
  // Declared before idle_ so it is destroyed after the easy handles.
  Share share_;
  std::mutex mu_;
  std::vector<EasyHandle> idle_;
};

}  // namespace

std::unique_ptr<Transport> MakeCurlTransport(const TransportOptions& options) {
  GlobalInit();
  return std::make_unique<CurlTransport>(options);
}

}  // namespace berth::http
