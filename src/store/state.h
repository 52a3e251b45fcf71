// StateStore: berth's state database, and the repositories its tables sit
// behind. Deployments now; releases, rollouts and leases join as the features
// that need them land, each as one more repository on the same interfaces.
//
// The interfaces are shaped for more than one backend. SQLite (one file per
// user or server) is the one there is; PostgreSQL, shared by several server
// replicas, can be added behind the same calls without touching callers:
//   - every change is an explicit transaction: Transact(fn) commits when fn
//     returns OK and rolls back otherwise; calls made on the store directly
//     run in a transaction of their own;
//   - records carry a version, and Update is a compare-and-set on it
//     (kConflict when another writer got there first), so state machines
//     advance safely without holding locks across AWS calls.
//
// Error messages name files, records and what to do, never a command-line
// flag: errors about where the database is carry the field "state"
// (Status::fields), and the CLI adds its flag.
//
// Thread-safety: a StateStore may be used from several threads; a
// Transaction belongs to the thread running Transact's function.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/env.h"
#include "core/result.h"
#include "store/records.h"

namespace berth::store {

class DeploymentRepository {
 public:
  virtual ~DeploymentRepository() = default;
  // Stores a new record (its id and version are ignored); returns the id. The
  // stored version is 1.
  virtual Result<int64_t> Insert(const DeploymentRecord& record) = 0;
  // Replaces the stored record `record.id` if its version is still
  // `record.version`; returns the new version. kConflict when the record
  // changed since it was read, kNotFound when there is none.
  virtual Result<int64_t> Update(const DeploymentRecord& record) = 0;
  virtual Result<std::optional<DeploymentRecord>> Get(int64_t id) = 0;
  // The newest record for (service_arn, deployment_id), if any: how `berth
  // wait` finds the record of a deployment started with --no-wait.
  virtual Result<std::optional<DeploymentRecord>> FindByDeployment(const std::string& service_arn,
                                                                   const std::string& deployment_id) = 0;
  // Newest first, at most `limit` (kInvalidArgument when negative).
  virtual Result<std::vector<DeploymentRecord>> List(const std::string& service_arn, int limit) = 0;
  // The newest kSucceeded record whose task_definition is not
  // `exclude_task_definition` (pass the live one to find where to go back to).
  virtual Result<std::optional<DeploymentRecord>> LastSucceeded(const std::string& service_arn,
                                                                const std::string& exclude_task_definition) = 0;
};

// The repositories as seen inside one transaction.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual DeploymentRepository& deployments() = 0;
};

class StateStore {
 public:
  virtual ~StateStore() = default;
  // Runs `body` in one transaction: commits when it returns OK, rolls back
  // (and returns its Status) otherwise. Transactions do not nest.
  virtual Status Transact(const std::function<Status(Transaction&)>& body) = 0;
  // Each call in a transaction of its own.
  virtual DeploymentRepository& deployments() = 0;
  // Where the data lives, for messages: "/home/u/.local/state/berth/state.db".
  virtual const std::string& location() const = 0;
};

// Opens (creating and migrating when needed) the state database at
// `location`: a file path for SQLite. kConfig, with field "state", when it
// cannot be opened, is not berth's, or was written by a newer berth.
Result<std::unique_ptr<StateStore>> OpenStateStore(const std::string& location);

// Sets the outcome, reason and finish time of deployment record `id`: read
// and written back with compare-and-set in one transaction (re-read and
// retried when another writer changed it meanwhile). kNotFound, naming the
// database, when there is no such record.
Status FinishDeployment(StateStore& store, int64_t id, DeploymentOutcome outcome, const std::string& reason,
                        SystemTime finished_at);

// Where the state database lives unless the caller names one:
//   $BERTH_STATE; else $BERTH_HISTORY_FILE (the name it had when it held only
//   the deployment history); else under $XDG_STATE_HOME/berth/, else under
//   $HOME/.local/state/berth/: state.db, or history.db when only that older
//   file exists there (it is upgraded in place and keeps its name).
// kConfig with field "state" when none can be formed.
Result<std::string> DefaultStatePath(const Environment& env);

}  // namespace berth::store
