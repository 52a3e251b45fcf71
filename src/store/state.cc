#include "store/state.h"

#include <unistd.h>

#include <fmt/format.h>

#include "store/sqlite/state_store.h"

namespace berth::store {
namespace {

// XDG base directories must be absolute; a relative value is ignored.
std::optional<std::string> AbsoluteDir(const Environment& env, std::string_view name) {
  auto v = env.GetNonEmpty(name);
  if (!v || v->front() != '/') return std::nullopt;
  while (v->size() > 1 && v->back() == '/') v->pop_back();
  return v;
}

std::string Join(const std::string& dir, std::string_view rest) {
  return dir == "/" ? fmt::format("/{}", rest) : fmt::format("{}/{}", dir, rest);
}

bool Exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

// state.db in `dir`, unless only the older history.db is there.
std::string InDir(const std::string& dir) {
  std::string state = Join(dir, "state.db");
  std::string history = Join(dir, "history.db");
  return !Exists(state) && Exists(history) ? history : state;
}

}  // namespace

Result<std::unique_ptr<StateStore>> OpenStateStore(const std::string& location) {
  BERTH_ASSIGN_OR_RETURN(auto store, SqliteStateStore::Open(location));
  return std::unique_ptr<StateStore>(std::move(store));
}

Status FinishDeployment(StateStore& store, int64_t id, DeploymentOutcome outcome, const std::string& reason,
                        SystemTime finished_at) {
  // Read and write in one transaction. A few rounds: on a backend where the
  // transaction does not lock the row, each loses only to a writer that
  // changed the record after this one read it, and the newest observation is
  // the one to keep.
  Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    last = store.Transact([&](Transaction& tx) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto record, tx.deployments().Get(id));
      if (!record) return NotFound(fmt::format("no deployment record {} in {}", id, store.location()));
      record->outcome = outcome;
      record->reason = reason;
      record->finished_at = finished_at;
      return tx.deployments().Update(*record).status();
    });
    if (last.code() != StatusCode::kConflict) return last;
  }
  return last;
}

Result<std::string> DefaultStatePath(const Environment& env) {
  if (auto file = env.GetNonEmpty("BERTH_STATE")) return *file;
  if (auto file = env.GetNonEmpty("BERTH_HISTORY_FILE")) return *file;
  if (auto state = AbsoluteDir(env, "XDG_STATE_HOME")) return InDir(Join(*state, "berth"));
  if (auto home = AbsoluteDir(env, "HOME")) return InDir(Join(*home, ".local/state/berth"));
  return ConfigError(
             "cannot tell where to keep berth's state database: none of BERTH_STATE, XDG_STATE_HOME or HOME "
             "is set; set BERTH_STATE")
      .AddField("state");
}

}  // namespace berth::store
