#include "sim/front/server.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/log.h"
#include "sim/services.h"
#include "sim/world/seed.h"

namespace berth::sim {

Simulator::Simulator(SimOptions options) : options_(std::move(options)) {}

Simulator::~Simulator() {
  Stop();
}

std::string Simulator::endpoint() const {
  return listener_ ? listener_->url() : kInProcessEndpoint;
}

Result<std::unique_ptr<Simulator>> Simulator::Start(SimOptions options) {
  if (options.admin_token.empty()) options.admin_token = RandomHex(16);
  if (options.time_scale < 0) return InvalidArgument("--time-scale must be 0 or more");
  std::unique_ptr<Simulator> sim(new Simulator(std::move(options)));
  sim->Wire();
  BERTH_RETURN_IF_ERROR(sim->LoadState());
  if (sim->options_.listen) BERTH_RETURN_IF_ERROR(sim->Listen());
  {
    auto lock = sim->world_->Lock();
    for (auto& service : sim->services_) service->OnServing(sim->endpoint());
  }
  Simulator* self = sim.get();
  sim->ticker_ = std::thread([self] { self->TickerLoop(); });
  sim->started_ = true;
  return sim;
}

// Builds the parts and hands every service of the registry its place in them.
void Simulator::Wire() {
  const SimOptions& o = options_;
  base_clock_ = o.base_clock;
  if (base_clock_ == nullptr) {
    owned_clock_ = std::make_unique<RealClock>();
    base_clock_ = owned_clock_.get();
  }
  clock_ = std::make_unique<SimClock>(*base_clock_, o.time_scale);
  world_ = std::make_unique<World>(*clock_, SeedFromName(o.seed.empty() ? "berth" : o.seed));
  limiter_ = std::make_unique<RateLimiter>(*base_clock_);
  credentials_.Add(Principal{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt, World::kDefaultAccount,
                             "arn:aws:iam::123456789012:user/simulator", "AIDASIMULATOR"});
  dispatcher_ = std::make_unique<Dispatcher>(*world_, credentials_, *limiter_, faults_, *base_clock_);
  services_ = MakeSimServices(SimServiceDeps{*world_, credentials_, o.region});
  for (auto& service : services_) {
    service->Register(*dispatcher_, *limiter_);
    if (auto hooks = service->Hooks()) world_->AddHooks(std::move(hooks));
  }
  limiter_->set_enabled(o.rate_limits);

  AdminDeps admin;
  admin.world = world_.get();
  admin.faults = &faults_;
  admin.limiter = limiter_.get();
  admin.token = o.admin_token;
  admin.reseed = [this](World& w) { return Reseed(w); };
  admin.calls = &dispatcher_->calls();
  admin.clear_stores = [this] {
    for (auto& service : services_) service->Clear();
  };
  admin.dump_state = [this] { return StateDocument(); };
  admin_ = std::make_unique<AdminApi>(std::move(admin));
}

// The services' part of the demo seed first: the seed's ECS calls may refer
// to what they create.
Status Simulator::Reseed(World& world) {
  const std::string& seed = options_.seed;
  if (seed.empty()) return Status::Ok();
  if (seed == "demo") {
    for (auto& service : services_) service->SeedDemo(world, World::kDefaultAccount, options_.region);
  }
  return ApplySeed(world, seed, World::kDefaultAccount, options_.region);
}

// The --state file when there is one, else the seed.
Status Simulator::LoadState() {
  const std::string& file = options_.state_file;
  auto lock = world_->Lock();
  std::ifstream state(file);
  if (file.empty() || !state) return Reseed(*world_);
  std::stringstream text;
  text << state.rdbuf();
  Json doc = Json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) return InvalidArgument("--state " + file + " is not valid JSON; move it away to start fresh");
  BERTH_RETURN_IF_ERROR(world_->FromJson(doc).WithContext("loading --state " + file));
  for (auto& service : services_) {
    // A file written before a service's state was saved loads it empty.
    auto member = doc.find(std::string(service->name()));
    if (member == doc.end()) continue;
    BERTH_RETURN_IF_ERROR(service->StateFromJson(*member).WithContext("loading --state " + file));
  }
  return Status::Ok();
}

Status Simulator::Listen() {
  http::ListenerOptions lo;
  lo.host = options_.host;
  lo.port = options_.port;
  lo.threads = options_.threads;
  lo.max_body_bytes = options_.max_body_bytes;
  auto listener = http::Listener::Start(lo, [this](const http::ServerRequest& req) { return Serve(req); });
  if (!listener.ok()) {
    return NetworkError(listener.status().message() + "; choose another --port, or --port 0 for any free one");
  }
  listener_ = std::move(listener).value();
  port_ = listener_->port();
  return Status::Ok();
}

http::ServerResponse Simulator::Serve(const http::ServerRequest& req) {
  SimResponse out = Handle(SimRequest{req.method, req.path, req.query, req.headers, req.body});
  if (out.latency_ms > 0) base_clock_->SleepUnlessCancelled(Duration(out.latency_ms), stopping_);
  return http::ServerResponse{out.status, std::move(out.headers), std::move(out.body), std::move(out.content_type),
                              out.drop_connection};
}

SimResponse Simulator::Handle(const SimRequest& req) {
  if (AdminApi::IsAdminPath(req.path)) return admin_->Handle(req);
  for (auto& service : services_) {
    if (service->ServesPath(req.path)) return service->HandlePath(req);
  }
  return dispatcher_->Handle(req);
}

void Simulator::TickerLoop() {
  int ticks = 0;
  while (!stopping_.WaitFor(std::chrono::seconds(1))) {
    try {
      auto world_lock = world_->Lock();
      world_->AdvanceToNow();
    } catch (const std::exception& e) {
      // A bug in the dynamics must not end the process and lose the world:
      // requests go on being served (and report it through their own path).
      BERTH_LOG_ERROR("sim: advancing the world failed: {}; please report it", e.what());
    }
    if (++ticks % 30 == 0 && !options_.state_file.empty()) {
      Status s = SaveState();
      if (!s.ok()) BERTH_LOG_WARN("sim: {}", s.ToString());
    }
  }
}

Json Simulator::StateDocument() const {
  Json doc = world_->ToJson();
  for (const auto& service : services_) {
    if (auto state = service->StateToJson()) doc[std::string(service->name())] = std::move(*state);
  }
  return doc;
}

Status Simulator::SaveState() {
  if (options_.state_file.empty()) return Status::Ok();
  std::string text;
  {
    auto lock = world_->Lock();
    text = StateDocument().dump(1);
  }
  std::string tmp = options_.state_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return InvalidArgument("cannot write " + tmp + "; check the directory of --state exists and is writable");
    out << text;
    if (!out.flush()) return InvalidArgument("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), options_.state_file.c_str()) != 0)
    return InvalidArgument("cannot replace " + options_.state_file);
  return Status::Ok();
}

void Simulator::Stop() {
  if (stopped_.exchange(true)) return;
  stopping_.Cancel();
  if (ticker_.joinable()) ticker_.join();
  if (listener_) listener_->Stop();
  // A simulator that did not start (a --state file it could not load, a port
  // in use) must leave the file as it was.
  if (!started_) return;
  Status s = SaveState();
  if (!s.ok()) BERTH_LOG_WARN("sim: {}", s.ToString());
}

}  // namespace berth::sim
