#include "store/sqlite/state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "store/sqlite/deployments.h"
#include "store/sqlite/schema.h"

namespace berth::store {
namespace {

// A writer waits this long for another berth's write before giving up.
constexpr int kBusyTimeoutMs = 5000;

std::string ParentDir(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return std::string();
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status StateError(std::string message) {
  return ConfigError(std::move(message)).AddField("state");
}

// mkdir -p with mode 0700 for the directories it creates (existing ones are
// left as they are: they may be shared, like ~/.local/state).
Status CreateParentDirs(const std::string& path) {
  std::string dir = ParentDir(path);
  if (dir.empty() || dir == "/") return Status::Ok();
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return StateError(fmt::format("cannot create berth's state database {}: {} is not a directory", path, dir));
  }
  BERTH_RETURN_IF_ERROR(CreateParentDirs(dir));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return StateError(
        fmt::format("cannot create directory {} for berth's state database: {}", dir, std::strerror(errno)));
  }
  // Exactly 0700 whatever the umask.
  ::chmod(dir.c_str(), 0700);
  return Status::Ok();
}

// Creates the file readable by its owner only (SQLite would use 0644). SQLite
// gives its -wal and -shm files the same permissions as the database. Only
// regular files: a device or a FIFO (/dev/null) is refused before SQLite
// tries to use it as a database.
Status CreateFileIfMissing(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return StateError(fmt::format("cannot open berth's state database {}: {}", path, std::strerror(errno)));
  }
  struct stat st {};
  bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  ::close(fd);
  if (!regular) return StateError(fmt::format("berth's state database {} is not a regular file", path));
  return Status::Ok();
}

}  // namespace

// The repository outside any explicit transaction: each call takes the lock,
// and each write runs in a transaction of its own.
class SqliteStateStore::AutoCommitDeployments final : public DeploymentRepository {
 public:
  explicit AutoCommitDeployments(SqliteStateStore& store) : store_(store) {}

  Result<int64_t> Insert(const DeploymentRecord& record) override {
    return Write<int64_t>([&] { return store_.repo_->Insert(record); });
  }
  Result<int64_t> Update(const DeploymentRecord& record) override {
    return Write<int64_t>([&] { return store_.repo_->Update(record); });
  }
  Result<std::optional<DeploymentRecord>> Get(int64_t id) override {
    std::lock_guard lock(store_.mu_);
    return store_.repo_->Get(id);
  }
  Result<std::optional<DeploymentRecord>> FindByDeployment(const std::string& service_arn,
                                                           const std::string& deployment_id) override {
    std::lock_guard lock(store_.mu_);
    return store_.repo_->FindByDeployment(service_arn, deployment_id);
  }
  Result<std::vector<DeploymentRecord>> List(const std::string& service_arn, int limit) override {
    std::lock_guard lock(store_.mu_);
    return store_.repo_->List(service_arn, limit);
  }
  Result<std::optional<DeploymentRecord>> LastSucceeded(const std::string& service_arn,
                                                        const std::string& exclude_task_definition) override {
    std::lock_guard lock(store_.mu_);
    return store_.repo_->LastSucceeded(service_arn, exclude_task_definition);
  }

 private:
  template <typename T>
  Result<T> Write(const std::function<Result<T>()>& fn) {
    std::lock_guard lock(store_.mu_);
    std::optional<T> value;
    BERTH_RETURN_IF_ERROR(store_.InTransactionLocked([&]() -> Status {
      BERTH_ASSIGN_OR_RETURN(T v, fn());
      value = std::move(v);
      return Status::Ok();
    }));
    return std::move(*value);
  }

  SqliteStateStore& store_;
};

class SqliteStateStore::Tx final : public Transaction {
 public:
  explicit Tx(SqliteDeployments& deployments) : deployments_(deployments) {}
  DeploymentRepository& deployments() override { return deployments_; }

 private:
  SqliteDeployments& deployments_;
};

SqliteStateStore::SqliteStateStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
SqliteStateStore::~SqliteStateStore() = default;

Result<std::unique_ptr<SqliteStateStore>> SqliteStateStore::Open(const std::string& path) {
  if (path.empty()) return StateError("no path given for berth's state database");
  BERTH_RETURN_IF_ERROR(CreateParentDirs(path));
  BERTH_RETURN_IF_ERROR(CreateFileIfMissing(path));
  BERTH_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, kBusyTimeoutMs));
  BERTH_RETURN_IF_ERROR(CheckAndMigrate(*db));
  BERTH_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL", "switching to WAL"));
  BERTH_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = NORMAL", "setting synchronous mode on"));
  std::unique_ptr<SqliteStateStore> store(new SqliteStateStore(std::move(db)));
  BERTH_ASSIGN_OR_RETURN(store->repo_, SqliteDeployments::Prepare(*store->db_));
  store->autocommit_ = std::make_unique<AutoCommitDeployments>(*store);
  return store;
}

Status SqliteStateStore::InTransactionLocked(const std::function<Status()>& body) {
  BERTH_RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE", "starting a transaction on"));
  Status status = body();
  if (!status.ok()) {
    (void)db_->Exec("ROLLBACK", "rolling back a transaction on");
    return status;
  }
  Status committed = db_->Exec("COMMIT", "committing a transaction on");
  if (!committed.ok()) (void)db_->Exec("ROLLBACK", "rolling back a transaction on");
  return committed;
}

Status SqliteStateStore::Transact(const std::function<Status(Transaction&)>& body) {
  std::lock_guard lock(mu_);
  Tx tx(*repo_);
  return InTransactionLocked([&] { return body(tx); });
}

DeploymentRepository& SqliteStateStore::deployments() {
  return *autocommit_;
}

}  // namespace berth::store
