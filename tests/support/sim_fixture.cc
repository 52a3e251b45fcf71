#include "support/sim_fixture.h"

#include "aws/auth/sigv4.h"
#include "sim/ecs/api.h"
#include "sim/front/in_process_transport.h"

namespace berth::testing {

sim::SimOptions SimFixture::Options() {
  sim::SimOptions o;
  o.time_scale = 0;
  o.base_clock = &clock_;
  o.admin_token = kAdminToken;
  return o;
}

void SimFixture::StartSimulator(const sim::SimOptions& options, Via via) {
  StopSimulator();
  auto started = sim::Simulator::Start(options);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  sim_ = std::move(started).value();
  if (via == Via::kInProcess) {
    transport_ = std::make_unique<sim::InProcessTransport>(*sim_);
  } else {
    transport_ = http::MakeCurlTransport();
  }
}

void SimFixture::StopSimulator() {
  transport_.reset();  // closes keep-alive connections, so Stop need not wait them out
  if (sim_) sim_->Stop();
  sim_.reset();
}

http::Response SimFixture::Send(http::Request req, const char* signing_name, const aws::Credentials* creds) {
  if (sim_ == nullptr || transport_ == nullptr) {
    ADD_FAILURE() << "the simulator is not running";
    return {};
  }
  if (req.url.empty() || req.url.front() == '/') req.url = sim_->endpoint() + (req.url.empty() ? "/" : req.url);
  if (signing_name != nullptr) {
    aws::SigningParams params{"us-east-1", signing_name, sim_->base_clock().Now()};
    Status signed_ok = aws::SignRequest(req, creds != nullptr ? *creds : creds_, params);
    EXPECT_TRUE(signed_ok.ok()) << signed_ok.ToString();
  }
  auto res = transport_->Send(req);
  EXPECT_TRUE(res.ok()) << req.method << " " << req.url << ": " << res.status().ToString();
  return res.ok() ? std::move(res).value() : http::Response{};
}

http::Response SimFixture::CallJson(std::string_view target, std::string body, const char* signing_name,
                                    const aws::Credentials* creds) {
  http::Request req;
  req.url = "/";
  req.headers = {{"X-Amz-Target", std::string(target)}, {"Content-Type", "application/x-amz-json-1.1"}};
  req.body = std::move(body);
  return Send(std::move(req), signing_name, creds);
}

http::Response SimFixture::CallQuery(std::string form, const char* signing_name, const aws::Credentials* creds) {
  http::Request req;
  req.url = "/";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  req.body = std::move(form);
  return Send(std::move(req), signing_name, creds);
}

Json SimFixture::Ecs(std::string_view operation, const Json& input) {
  http::Response r = CallJson(std::string(sim::kEcsTargetPrefix) + "." + std::string(operation), input.dump(), "ecs");
  EXPECT_EQ(r.status, 200) << operation << ": " << r.body;
  return Json::parse(r.body, nullptr, false);
}

http::Response SimFixture::Admin(std::string method, std::string path, std::string body, std::string token) {
  http::Request req;
  req.method = std::move(method);
  req.url = std::move(path);
  req.headers = {{"X-Berth-Admin-Token", std::move(token)}, {"Content-Type", "application/json"}};
  req.body = std::move(body);
  return Send(std::move(req));
}

void SimFixture::Advance(Duration d) {
  sim_->clock().Advance(d);
  auto lock = sim_->world().Lock();
  sim_->world().AdvanceToNow();
}

}  // namespace berth::testing
