// The schema of berth's SQLite state database and its migrations (the
// schema is documented in docs/state.md; keep the two in step).
//
// A file is berth's when its PRAGMA application_id is "brth"; its version is
// PRAGMA user_version. Migration i brings a file from version i to i + 1;
// all the migrations a file needs run in one transaction, so a crash leaves
// the file at the version it had, never between two.
// Every earlier version is migrated forward; a later one is refused (an older
// berth must not write what it does not understand).
//
// Thread-safety: functions over a SqliteDb the caller owns.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/status.h"
#include "store/sqlite/db.h"

namespace berth::store {

inline constexpr int64_t kApplicationId = 0x62727468;  // "brth" = 1651668072

// The migrations, oldest first; their count is the current schema version.
std::span<const std::string_view> Migrations();
int64_t CurrentSchemaVersion();

// Reads the header, refuses a file that is not berth's (another program's
// SQLite, a newer schema), and migrates it to the current version.
Status CheckAndMigrate(SqliteDb& db);

// Applies migrations [0, version) to an empty database: how tests build a
// file exactly as an older berth left it.
Status MigrateToVersionForTest(SqliteDb& db, int64_t version);

}  // namespace berth::store
