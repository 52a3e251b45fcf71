// SqliteStateStore: the state database in one SQLite file (store/state.h).
//
// One connection per store, in WAL mode with a busy timeout: readers never
// block the writer, and two berth processes on one file both succeed (the
// second waits for the first one's write). Writes use BEGIN IMMEDIATE, so a
// transaction that reads then writes never fails halfway on a lock upgrade.
// synchronous=NORMAL: durable across a crash of berth; a power cut may lose
// the last transactions.
//
// The file is created 0600 in directories created 0700; its schema is
// checked and migrated on open (store/sqlite/schema.h).
//
// Thread-safety: a SqliteStateStore may be used from several threads; it
// serialises on its connection.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/sqlite/db.h"
#include "store/state.h"

namespace berth::store {

class SqliteDeployments;

class SqliteStateStore final : public StateStore {
 public:
  static Result<std::unique_ptr<SqliteStateStore>> Open(const std::string& path);
  ~SqliteStateStore() override;

  Status Transact(const std::function<Status(Transaction&)>& body) override;
  DeploymentRepository& deployments() override;
  const std::string& location() const override { return db_->path(); }

 private:
  class AutoCommitDeployments;
  class Tx;
  explicit SqliteStateStore(std::unique_ptr<SqliteDb> db);
  // Runs `body` between BEGIN IMMEDIATE and COMMIT (ROLLBACK on failure);
  // the caller holds mu_.
  Status InTransactionLocked(const std::function<Status()>& body);

  std::mutex mu_;  // one transaction at a time on the connection
  std::unique_ptr<SqliteDb> db_;
  std::unique_ptr<SqliteDeployments> repo_;            // the statements, used under mu_
  std::unique_ptr<AutoCommitDeployments> autocommit_;  // repo_ behind mu_, one transaction per call
};

}  // namespace berth::store
