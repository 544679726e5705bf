#ifndef REVIEW_EXPORT_CSQLITE_SHIM_H
#define REVIEW_EXPORT_CSQLITE_SHIM_H

// The system SQLite (Debian's libsqlite3-dev; SQLite 3.37 or later for STRICT tables).
#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call.
static inline int review_export_sqlite_defensive(sqlite3 *db) {
  return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
}

// Whether this SQLite was built with FTS5.
static inline int review_export_sqlite_has_fts5(sqlite3 *db) {
  return sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.review_export_fts5_probe USING fts5(x); DROP TABLE temp.review_export_fts5_probe;", 0, 0, 0) == SQLITE_OK;
}

#endif
