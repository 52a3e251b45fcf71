#include "sim/front/server.h"

#include <fstream>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/log.h"
#include "sim/cloudwatch/alarms.h"
#include "sim/cloudwatch/api.h"
#include "sim/ecr/api.h"
#include "sim/ecs/api.h"
#include "sim/elbv2/api.h"
#include "sim/sts/api.h"
#include "sim/world/seed.h"
#include "sim/world/store_json.h"

namespace berth::sim {

Simulator::Simulator(SimOptions options) : options_(std::move(options)) {}

Simulator::~Simulator() {
  Stop();
}

std::string Simulator::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

Result<std::unique_ptr<Simulator>> Simulator::Start(SimOptions options) {
  if (options.admin_token.empty()) options.admin_token = RandomHex(16);
  if (options.time_scale < 0) return InvalidArgument("--time-scale must be 0 or more");
  std::unique_ptr<Simulator> sim(new Simulator(std::move(options)));
  const SimOptions& o = sim->options_;
  Clock* base = o.base_clock;
  if (base == nullptr) {
    sim->owned_clock_ = std::make_unique<RealClock>();
    base = sim->owned_clock_.get();
  }
  sim->base_clock_ = base;
  sim->clock_ = std::make_unique<SimClock>(*base, o.time_scale);
  uint64_t seed = SeedFromName(o.seed.empty() ? "berth" : o.seed);
  sim->world_ = std::make_unique<World>(*sim->clock_, seed);
  sim->limiter_ = std::make_unique<RateLimiter>(*base);
  sim->limiter_->DefineEcsDefaults();
  DefineElbv2RateLimits(*sim->limiter_);
  DefineEcrRateLimits(*sim->limiter_);
  sim->limiter_->set_enabled(o.rate_limits);
  sim->credentials_.Add(Principal{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt,
                                  World::kDefaultAccount, "arn:aws:iam::123456789012:user/simulator", "AIDASIMULATOR"});

  sim->dispatcher_ = std::make_unique<Dispatcher>(*sim->world_, sim->credentials_, *sim->limiter_, sim->faults_, *base);
  sim->dispatcher_->AddJsonService(
      JsonServiceSpec{"ecs", kEcsTargetPrefix, "application/x-amz-json-1.1", IsEcsOperation, HandleEcs});
  sim->dispatcher_->AddQueryService(MakeStsService(sim->credentials_));
  sim->dispatcher_->AddQueryService(MakeElbv2Service(*sim->elbv2_, *sim->limiter_));
  sim->dispatcher_->AddJsonService(MakeEcrService(*sim->ecr_));
  sim->dispatcher_->AddQueryService(MakeCloudWatchQueryService(*sim->elbv2_));
  sim->dispatcher_->AddJsonService(MakeCloudWatchJsonService(*sim->elbv2_));
  sim->world_->AddHooks(MakeElbv2Hooks(*sim->elbv2_));
  sim->world_->AddHooks(MakeCloudWatchHooks(*sim->elbv2_));
  sim->registry_ = std::make_unique<RegistryApi>(*sim->world_, *sim->ecr_);
  sim->ecr_->registry_region = o.region;

  std::string seed_name = o.seed, region = o.region;
  auto reseed = [seed_name, region, elb = sim->elbv2_, ecr = sim->ecr_](World& w) -> Status {
    elb->regions.clear();
    ecr->regions.clear();
    if (seed_name.empty()) return Status::Ok();
    if (seed_name == "demo") {
      SeedElbv2Demo(*elb, w, World::kDefaultAccount, region);
      SeedEcrDemo(*ecr, w, World::kDefaultAccount, region);
    }
    return ApplySeed(w, seed_name, World::kDefaultAccount, region);
  };
  AdminDeps admin;
  admin.world = sim->world_.get();
  admin.faults = &sim->faults_;
  admin.limiter = sim->limiter_.get();
  admin.token = o.admin_token;
  admin.reseed = reseed;
  admin.calls = &sim->dispatcher_->calls();
  admin.clear_stores = [elb = sim->elbv2_, ecr = sim->ecr_] {
    elb->regions.clear();
    ecr->regions.clear();
    ecr->passwords.clear();
  };
  admin.dump_state = [self = sim.get()] { return self->StateDocument(); };
  sim->admin_ = std::make_unique<AdminApi>(std::move(admin));

  {
    auto lock = sim->world_->Lock();
    std::ifstream state(o.state_file);
    if (!o.state_file.empty() && state) {
      std::stringstream ss;
      ss << state.rdbuf();
      Json doc = Json::parse(ss.str(), nullptr, false);
      if (doc.is_discarded())
        return InvalidArgument("--state " + o.state_file + " is not valid JSON; move it away to start fresh");
      BERTH_RETURN_IF_ERROR(sim->world_->FromJson(doc).WithContext("loading --state " + o.state_file));
      // Files written before ELBv2 and ECR were saved load with empty stores.
      if (doc.contains("elbv2"))
        BERTH_RETURN_IF_ERROR(
            Elbv2StoreFromJson(doc["elbv2"], *sim->elbv2_).WithContext("loading --state " + o.state_file));
      if (doc.contains("ecr"))
        BERTH_RETURN_IF_ERROR(EcrStoreFromJson(doc["ecr"], *sim->ecr_).WithContext("loading --state " + o.state_file));
    } else {
      BERTH_RETURN_IF_ERROR(reseed(*sim->world_));
    }
  }

  sim->http_ = std::make_unique<httplib::Server>();
  int threads = o.threads;
  sim->http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  sim->http_->set_payload_max_length(o.max_body_bytes);
  sim->http_->set_keep_alive_max_count(100000);
  sim->http_->set_tcp_nodelay(true);  // without it, delayed ACKs cost ~40 ms per keep-alive request
  Simulator* self = sim.get();
  auto handler = [self](const httplib::Request& req, httplib::Response& res) { self->Serve(&req, &res); };
  for (const char* pattern : {".*"}) {
    sim->http_->Get(pattern, handler);
    sim->http_->Post(pattern, handler);
    sim->http_->Put(pattern, handler);
    sim->http_->Delete(pattern, handler);
  }
  int port =
      o.port == 0 ? sim->http_->bind_to_any_port(o.host) : (sim->http_->bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0)
    return NetworkError("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                        "; is another process using the port? Try --port 0");
  sim->port_ = port;
  {
    auto lock = sim->world_->Lock();
    sim->ecr_->endpoint = sim->endpoint();
  }
  sim->listener_ = std::thread([self] { self->http_->listen_after_bind(); });
  // Waits in real time, never on the base clock: with a ManualClock each
  // SleepFor would move the test's time forward for as long as the listener
  // thread takes to start, which depends on how loaded the machine is.
  while (!sim->http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  sim->ticker_ = std::thread([self] { self->TickerLoop(); });
  return sim;
}

void Simulator::Serve(const void* http_request, void* http_response) {
  const auto& req = *static_cast<const httplib::Request*>(http_request);
  auto& res = *static_cast<httplib::Response*>(http_response);
  SimRequest sr;
  sr.method = req.method;
  auto q = req.target.find('?');
  sr.path = q == std::string::npos ? req.target : req.target.substr(0, q);
  sr.query = q == std::string::npos ? "" : req.target.substr(q + 1);
  for (const auto& [k, v] : req.headers) sr.headers.emplace_back(k, v);
  sr.body = req.body;
  SimResponse out = AdminApi::IsAdminPath(sr.path)         ? admin_->Handle(sr)
                    : RegistryApi::IsRegistryPath(sr.path) ? registry_->Handle(sr)
                                                           : dispatcher_->Handle(sr);
  if (out.latency_ms > 0) base_clock_->SleepFor(Duration(out.latency_ms));
  res.status = out.status;
  for (const auto& [k, v] : out.headers) res.set_header(k, v);
  if (out.drop_connection) {
    // Promise a body, then fail to write it: the client sees the connection
    // close mid-response, as with a reset load balancer connection.
    res.set_content_provider(out.body.size() + 1, out.content_type.c_str(),
                             [](size_t, size_t, httplib::DataSink&) { return false; });
    return;
  }
  res.set_content(out.body, out.content_type.c_str());
}

SimResponse Simulator::HandleForTest(const SimRequest& req) {
  if (RegistryApi::IsRegistryPath(req.path)) return registry_->Handle(req);
  return AdminApi::IsAdminPath(req.path) ? admin_->Handle(req) : dispatcher_->Handle(req);
}

void Simulator::TickerLoop() {
  int ticks = 0;
  std::unique_lock<std::mutex> lock(stop_mu_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, std::chrono::seconds(1));
    if (stopping_) break;
    {
      auto world_lock = world_->Lock();
      world_->AdvanceToNow();
    }
    if (++ticks % 30 == 0 && !options_.state_file.empty()) {
      Status s = SaveState();
      if (!s.ok()) BERTH_LOG_WARN("sim: {}", s.ToString());
    }
  }
}

Json Simulator::StateDocument() const {
  Json doc = world_->ToJson();
  doc["elbv2"] = Elbv2StoreToJson(*elbv2_);
  doc["ecr"] = EcrStoreToJson(*ecr_);
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
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (http_) http_->stop();
  if (listener_.joinable()) listener_.join();
  Status s = SaveState();
  if (!s.ok()) BERTH_LOG_WARN("sim: {}", s.ToString());
}

}  // namespace berth::sim
