#include <embargo/storage/sqlite/migrations.hpp>

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace embargo::storage::sqlite {

namespace {

// Append only: a released migration is never edited, a change is a new one.
constexpr std::array<std::string_view, 16> k_migrations{{
    // 1: cases, vulnerabilities, timeline, users, artifacts
    R"sql(
CREATE TABLE case_counters (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
);
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  state TEXT NOT NULL,
  impact TEXT NOT NULL,
  exploitation TEXT NOT NULL,
  reporter_name TEXT NOT NULL,
  reporter_email TEXT NOT NULL,
  reporter_credit TEXT NOT NULL,
  reporter_anonymous INTEGER NOT NULL,
  reporter_deadline TEXT,
  reporter_cve TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  release_at TEXT,
  timeline_head TEXT NOT NULL,
  timeline_count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cases_by_state ON cases(state, id);

CREATE TABLE vulnerabilities (
  case_id TEXT NOT NULL REFERENCES cases(id),
  ordinal INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  identifier TEXT NOT NULL,
  cwe TEXT NOT NULL,
  affected TEXT NOT NULL,
  fixed TEXT NOT NULL,
  mitigation TEXT NOT NULL,
  cvss TEXT NOT NULL,
  PRIMARY KEY (case_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE timeline (
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
-- Our own code only appends; these make an accidental edit fail loudly.
-- (They do not stop someone with the file; the hash chain shows that.)
CREATE TRIGGER timeline_append_only_update BEFORE UPDATE ON timeline
  BEGIN SELECT RAISE(ABORT, 'timeline entries are append-only'); END;
CREATE TRIGGER timeline_append_only_delete BEFORE DELETE ON timeline
  BEGIN SELECT RAISE(ABORT, 'timeline entries are append-only'); END;

CREATE TABLE users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  email TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE artifacts (
  case_id TEXT NOT NULL REFERENCES cases(id),
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  signature_verified INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (case_id, name)
);
)sql",
    // 2: documents vulnerabilities were imported from
    R"sql(
CREATE TABLE source_records (
  case_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  format TEXT NOT NULL,
  document TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (case_id, ordinal),
  FOREIGN KEY (case_id, ordinal) REFERENCES vulnerabilities(case_id, ordinal)
);
)sql",
    // 3: disclosure plans (the planner's output per case; the latest is current)
    R"sql(
CREATE TABLE plans (
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  release_at TEXT NOT NULL,
  ok INTEGER NOT NULL,
  events TEXT NOT NULL,
  checks TEXT NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
)sql",
    // 4: the embargoed download area: usercodes, windows, downloads
    R"sql(
CREATE TABLE usercodes (
  case_id TEXT NOT NULL REFERENCES cases(id),
  list TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  ha1_md5_sealed TEXT NOT NULL,
  ha1_sha256_sealed TEXT NOT NULL,
  generation INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  PRIMARY KEY (case_id, list)
) WITHOUT ROWID;

CREATE TABLE download_windows (
  case_id TEXT PRIMARY KEY REFERENCES cases(id),
  opens_at TEXT NOT NULL,
  releases_at TEXT NOT NULL,
  at_release TEXT NOT NULL CHECK (at_release IN ('public', 'close'))
) WITHOUT ROWID;

CREATE TABLE downloads (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  usercode TEXT NOT NULL,
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  status INTEGER NOT NULL,
  at TEXT NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX downloads_by_case ON downloads(case_id, at);
)sql",
    // 5 (issue 6, mail): incoming messages, the outbox, reporters' private links
    R"sql(
CREATE TABLE mail_messages (
  message_id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  sender TEXT NOT NULL,
  subject TEXT NOT NULL,
  received_at TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  encrypted INTEGER NOT NULL,
  signature TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX mail_messages_by_sender ON mail_messages(sender, received_at);
CREATE INDEX mail_messages_by_case ON mail_messages(case_id, received_at);

CREATE TABLE outbox (
  message_id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,
  list_name TEXT NOT NULL,
  envelope_from TEXT NOT NULL,
  recipients TEXT NOT NULL,
  message BLOB NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  attempt_at TEXT,
  sent_at TEXT,
  receipt INTEGER NOT NULL,
  last_error TEXT NOT NULL
);
CREATE INDEX outbox_by_state ON outbox(state, created_at);

CREATE TABLE reporter_links (
  token_sha256 TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  created_at TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 6: web accounts: sessions, API tokens and reporter links (hashed), the per-case access list
    R"sql(
CREATE TABLE credentials (
  hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('session', 'api-token', 'reporter-link')),
  user TEXT NOT NULL,
  case_id TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT
) WITHOUT ROWID;
CREATE INDEX credentials_by_user ON credentials(user, kind);

CREATE TABLE case_grants (
  case_id TEXT NOT NULL REFERENCES cases(id),
  user TEXT NOT NULL REFERENCES users(name),
  can_write INTEGER NOT NULL,
  PRIMARY KEY (case_id, user)
) WITHOUT ROWID;
CREATE INDEX case_grants_by_user ON case_grants(user, case_id);
)sql",
    // 7: the links mailed to reporters become web credentials, the one kind of link the portal opens
    // (the same SHA-256 of the token, so links already sent keep working)
    R"sql(
INSERT INTO credentials(hash, kind, user, case_id, label, created_at, expires_at)
  SELECT token_sha256, 'reporter-link', '', case_id, 'acknowledgement mail', created_at, NULL FROM reporter_links;
DROP TABLE reporter_links;
)sql",
    // 8: the team (issue 13): members' keys, notification choices and away periods; each case's owner and
    // backup; the reminders already sent (one per case, condition, threshold and escalation level)
    R"sql(
CREATE TABLE team_members (
  user TEXT PRIMARY KEY REFERENCES users(name),
  pgp_fingerprint TEXT NOT NULL,
  notify TEXT NOT NULL,
  away_from TEXT,
  away_until TEXT
) WITHOUT ROWID;

CREATE TABLE case_assignments (
  case_id TEXT PRIMARY KEY REFERENCES cases(id),
  owner TEXT REFERENCES users(name),
  backup TEXT REFERENCES users(name)
) WITHOUT ROWID;

CREATE TABLE reminders_sent (
  case_id TEXT NOT NULL REFERENCES cases(id),
  condition TEXT NOT NULL,
  threshold TEXT NOT NULL,
  level INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (case_id, condition, threshold, level)
) WITHOUT ROWID;
)sql",
    // 9: second login factors (TOTP): the secret sealed, the last step used (no replay)
    R"sql(
CREATE TABLE user_totp (
  user TEXT PRIMARY KEY REFERENCES users(name),
  secret_sealed TEXT NOT NULL,
  confirmed INTEGER NOT NULL,
  last_step INTEGER NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 10 (issue 12): several projects on one server: a case's project (none: the
    // server's own) and each project's team
    R"sql(
CREATE TABLE case_projects (
  case_id TEXT PRIMARY KEY REFERENCES cases(id),
  project TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_projects_by_project ON case_projects(project, case_id);

CREATE TABLE project_members (
  project TEXT NOT NULL,
  user TEXT NOT NULL REFERENCES users(name),
  PRIMARY KEY (project, user)
) WITHOUT ROWID;
CREATE INDEX project_members_by_user ON project_members(user, project);
)sql",
    // 11 (issue 11, scheduler): the release job queue
    R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,
  due_at TEXT NOT NULL,
  depends_on TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  lease_owner TEXT NOT NULL,
  lease_until TEXT,
  result TEXT NOT NULL,
  last_error TEXT NOT NULL
);
CREATE INDEX jobs_by_state ON jobs(state, due_at);
CREATE INDEX jobs_by_case ON jobs(case_id, due_at);
)sql",
    // 12 (issue 10): a counter every change to what the case list shows bumps
    // (cases, grants, projects, users), so pages can cache what they render
    R"sql(
CREATE TABLE change_counter (one INTEGER PRIMARY KEY CHECK (one = 1), n INTEGER NOT NULL);
INSERT INTO change_counter VALUES (1, 0);
CREATE TRIGGER cases_insert_counts AFTER INSERT ON cases BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER cases_update_counts AFTER UPDATE ON cases BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER cases_delete_counts AFTER DELETE ON cases BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER case_grants_insert_counts AFTER INSERT ON case_grants BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER case_grants_update_counts AFTER UPDATE ON case_grants BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER case_grants_delete_counts AFTER DELETE ON case_grants BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER case_projects_insert_counts AFTER INSERT ON case_projects BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER case_projects_update_counts AFTER UPDATE ON case_projects BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER case_projects_delete_counts AFTER DELETE ON case_projects BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER project_members_insert_counts AFTER INSERT ON project_members BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER project_members_update_counts AFTER UPDATE ON project_members BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER project_members_delete_counts AFTER DELETE ON project_members BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER users_insert_counts AFTER INSERT ON users BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER users_update_counts AFTER UPDATE ON users BEGIN UPDATE change_counter SET n = n + 1; END;
CREATE TRIGGER users_delete_counts AFTER DELETE ON users BEGIN UPDATE change_counter SET n = n + 1; END;
)sql",
    // 13 (issue 12): one case counter per id prefix and year, so each project
    // numbers its own cases. Every (prefix, year) already used starts from the
    // old server-wide counter of that year or its highest id, whichever is
    // higher: no existing id can be handed out again.
    R"sql(
CREATE TABLE case_counters_by_prefix (
  prefix TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (prefix, year)
) WITHOUT ROWID;
WITH ids AS (
  SELECT substr(id, 1, instr(id, '-') - 1) AS prefix, substr(id, instr(id, '-') + 1) AS rest
  FROM cases WHERE id GLOB '[A-Z0-9]*-[0-9][0-9][0-9][0-9]-[0-9]*'
), used AS (
  SELECT prefix, CAST(substr(rest, 1, 4) AS INTEGER) AS year, max(CAST(substr(rest, 6) AS INTEGER)) AS top
  FROM ids GROUP BY 1, 2
)
INSERT INTO case_counters_by_prefix(prefix, year, last)
SELECT used.prefix, used.year, max(used.top, coalesce((SELECT last FROM case_counters c WHERE c.year = used.year), 0))
FROM used;
DROP TABLE case_counters;
ALTER TABLE case_counters_by_prefix RENAME TO case_counters;
)sql",
    // 14 (issue 23): the reporter's OpenPGP key (primary fingerprint; the
    // key itself is in the team's GnuPG home); '' = none known
    R"sql(
ALTER TABLE cases ADD COLUMN reporter_key TEXT NOT NULL DEFAULT '';
)sql",
    // 15 (issue 24, finding 10): mail to the team about no case (a quarantined
    // message): outbox.case_id may be NULL. SQLite cannot drop NOT NULL, so the
    // table is rebuilt with the same columns and rows.
    R"sql(
CREATE TABLE outbox_new (
  message_id TEXT PRIMARY KEY,
  case_id TEXT REFERENCES cases(id),
  kind TEXT NOT NULL,
  list_name TEXT NOT NULL,
  envelope_from TEXT NOT NULL,
  recipients TEXT NOT NULL,
  message BLOB NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  attempt_at TEXT,
  sent_at TEXT,
  receipt INTEGER NOT NULL,
  last_error TEXT NOT NULL
);
INSERT INTO outbox_new SELECT message_id, case_id, kind, list_name, envelope_from, recipients, message, state,
  attempts, created_at, attempt_at, sent_at, receipt, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_by_state ON outbox(state, created_at);
)sql",
    // 16 (issue 25): a vulnerability's further identifiers (a GCVE beside the
    // CVE), a JSON array of strings; the primary one stays in `identifier`
    R"sql(
ALTER TABLE vulnerabilities ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
)sql",
}};

}  // namespace

int schema_version() {
  return static_cast<int>(k_migrations.size());
}

Result<void> migrate(Database& db) {
  TRY_ASSIGN(std::int64_t app_id, db.query_int("PRAGMA application_id"));
  TRY_ASSIGN(std::int64_t version, db.query_int("PRAGMA user_version"));
  if (app_id != k_application_id) {
    TRY_ASSIGN(std::int64_t tables, db.query_int("SELECT count(*) FROM sqlite_master"));
    if (app_id != 0 || tables != 0) {
      return make_error(ErrorCode::invalid_argument, "the database is not an embargo store");
    }
  }
  if (version > static_cast<std::int64_t>(k_migrations.size())) {
    return make_error(ErrorCode::not_supported,
                      fmt::format("the store has schema version {}, newer than this embargo ({}); upgrade embargo",
                                  version, k_migrations.size()));
  }
  for (auto v = static_cast<std::size_t>(version); v < k_migrations.size(); ++v) {
    TRY(db.exec("BEGIN IMMEDIATE"));
    auto applied = db.exec(k_migrations[v]).and_then([&] {
      return db.exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {}", k_application_id, v + 1));
    });
    if (!applied) {
      (void)db.exec("ROLLBACK");
      return make_error(applied.error().code(),
                        fmt::format("migration {} failed: {}", v + 1, applied.error().message()));
    }
    TRY(db.exec("COMMIT"));
  }
  return {};
}

}  // namespace embargo::storage::sqlite
