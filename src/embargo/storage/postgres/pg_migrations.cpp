#include <array>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <pqxx/transaction>

#include <embargo/storage/postgres/pg_migrations.hpp>

namespace embargo::storage::postgres {

namespace {

// Taken (pg_advisory_xact_lock) by every migration transaction: "embargo" in ASCII.
constexpr std::int64_t k_migration_lock = 0x656d626172676f;

// Append only, numbered as SQLite's: a released migration is never edited.
constexpr std::array<std::string_view, 16> k_migrations{{
    // 1: cases, vulnerabilities, timeline, users, artifacts
    R"sql(
CREATE TABLE case_counters (
  year integer PRIMARY KEY,
  last integer NOT NULL
);
CREATE TABLE cases (
  id text COLLATE "C" PRIMARY KEY,
  title text NOT NULL,
  state text NOT NULL,
  impact text NOT NULL,
  exploitation text NOT NULL,
  reporter_name text NOT NULL,
  reporter_email text NOT NULL,
  reporter_credit text NOT NULL,
  reporter_anonymous boolean NOT NULL,
  reporter_deadline date,
  reporter_cve text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  release_at timestamptz,
  timeline_head text NOT NULL,
  timeline_count bigint NOT NULL
);
CREATE INDEX cases_by_state ON cases(state, id);

CREATE TABLE vulnerabilities (
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  ordinal integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  identifier text NOT NULL,
  cwe text NOT NULL,
  affected text NOT NULL,
  fixed text NOT NULL,
  mitigation text NOT NULL,
  cvss jsonb NOT NULL,
  PRIMARY KEY (case_id, ordinal)
);

CREATE TABLE timeline (
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  kind text NOT NULL,
  text text NOT NULL,
  data text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (case_id, seq)
);
-- Our own code only appends; this makes an accidental edit fail loudly.
-- (It does not stop a superuser; the hash chain shows that.)
CREATE FUNCTION embargo_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'timeline entries are append-only';
END $$;
CREATE TRIGGER timeline_append_only BEFORE UPDATE OR DELETE ON timeline
  FOR EACH ROW EXECUTE FUNCTION embargo_timeline_append_only();
CREATE TRIGGER timeline_append_only_truncate BEFORE TRUNCATE ON timeline
  FOR EACH STATEMENT EXECUTE FUNCTION embargo_timeline_append_only();

CREATE TABLE users (
  name text COLLATE "C" PRIMARY KEY,
  role text NOT NULL,
  email text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE artifacts (
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  name text COLLATE "C" NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  signature_verified boolean NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, name)
);
)sql",
    // 2: documents vulnerabilities were imported from (text: exported unchanged)
    R"sql(
CREATE TABLE source_records (
  case_id text COLLATE "C" NOT NULL,
  ordinal integer NOT NULL,
  format text NOT NULL,
  document text NOT NULL,
  snapshot text NOT NULL,
  imported_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, ordinal),
  FOREIGN KEY (case_id, ordinal) REFERENCES vulnerabilities(case_id, ordinal)
);
)sql",
    // 3: disclosure plans (the planner's output per case; the latest is current)
    R"sql(
CREATE TABLE plans (
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  seq bigint NOT NULL,
  created_at timestamptz NOT NULL,
  actor text NOT NULL,
  release_at timestamptz NOT NULL,
  ok boolean NOT NULL,
  events jsonb NOT NULL,
  checks jsonb NOT NULL,
  PRIMARY KEY (case_id, seq)
);
)sql",
    // 4: the embargoed download area: usercodes, windows, downloads
    R"sql(
CREATE TABLE usercodes (
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  list text COLLATE "C" NOT NULL,
  password_hash text NOT NULL,
  ha1_md5_sealed text NOT NULL,
  ha1_sha256_sealed text NOT NULL,
  generation integer NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (case_id, list)
);

CREATE TABLE download_windows (
  case_id text COLLATE "C" PRIMARY KEY REFERENCES cases(id),
  opens_at timestamptz NOT NULL,
  releases_at timestamptz NOT NULL,
  at_release text NOT NULL CHECK (at_release IN ('public', 'close'))
);

CREATE TABLE downloads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  usercode text NOT NULL,
  file text NOT NULL,
  bytes bigint NOT NULL,
  status integer NOT NULL,
  at timestamptz NOT NULL,
  address text NOT NULL
);
CREATE INDEX downloads_by_case ON downloads(case_id, at);
)sql",
    // 5 (issue 6, mail): incoming messages, the outbox, reporters' private links
    R"sql(
CREATE TABLE mail_messages (
  message_id text COLLATE "C" PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  sender text COLLATE "C" NOT NULL,
  subject text NOT NULL,
  received_at timestamptz NOT NULL,
  sha256 text NOT NULL,
  size bigint NOT NULL,
  encrypted boolean NOT NULL,
  signature text NOT NULL
);
CREATE INDEX mail_messages_by_sender ON mail_messages(sender, received_at);
CREATE INDEX mail_messages_by_case ON mail_messages(case_id, received_at);

CREATE TABLE outbox (
  message_id text COLLATE "C" PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  kind text NOT NULL,
  list_name text NOT NULL,
  envelope_from text NOT NULL,
  recipients text NOT NULL,
  message bytea NOT NULL,
  state text NOT NULL,
  attempts integer NOT NULL,
  created_at timestamptz NOT NULL,
  attempt_at timestamptz,
  sent_at timestamptz,
  receipt boolean NOT NULL,
  last_error text NOT NULL
);
CREATE INDEX outbox_by_state ON outbox(state, created_at);

CREATE TABLE reporter_links (
  token_sha256 text COLLATE "C" PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  created_at timestamptz NOT NULL
);
)sql",
    // 6: web accounts: sessions, API tokens and reporter links (hashed), the per-case access list
    // ("user" is reserved in PostgreSQL: the column is user_name)
    R"sql(
CREATE TABLE credentials (
  hash text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('session', 'api-token', 'reporter-link')),
  user_name text COLLATE "C" NOT NULL,
  case_id text COLLATE "C" NOT NULL,
  label text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz
);
CREATE INDEX credentials_by_user ON credentials(user_name, kind);

CREATE TABLE case_grants (
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  user_name text COLLATE "C" NOT NULL REFERENCES users(name),
  can_write boolean NOT NULL,
  PRIMARY KEY (case_id, user_name)
);
CREATE INDEX case_grants_by_user ON case_grants(user_name, case_id);
)sql",
    // 7: the links mailed to reporters become web credentials, the one kind of link the portal opens
    // (the same SHA-256 of the token, so links already sent keep working)
    R"sql(
INSERT INTO credentials(hash, kind, user_name, case_id, label, created_at, expires_at)
  SELECT token_sha256, 'reporter-link', '', case_id, 'acknowledgement mail', created_at, NULL FROM reporter_links;
DROP TABLE reporter_links;
)sql",
    // 8: the team (issue 13): members' keys, notification choices and away periods; each case's owner and
    // backup; the reminders already sent
    R"sql(
CREATE TABLE team_members (
  user_name text COLLATE "C" PRIMARY KEY REFERENCES users(name),
  pgp_fingerprint text NOT NULL,
  notify text NOT NULL,
  away_from date,
  away_until date
);

CREATE TABLE case_assignments (
  case_id text COLLATE "C" PRIMARY KEY REFERENCES cases(id),
  owner_name text COLLATE "C" REFERENCES users(name),
  backup_name text COLLATE "C" REFERENCES users(name)
);

CREATE TABLE reminders_sent (
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  condition text COLLATE "C" NOT NULL,
  threshold text COLLATE "C" NOT NULL,
  level integer NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (case_id, condition, threshold, level)
);
)sql",
    // 9: second login factors (TOTP): the secret sealed, the last step used (no replay)
    R"sql(
CREATE TABLE user_totp (
  user_name text COLLATE "C" PRIMARY KEY REFERENCES users(name),
  secret_sealed text NOT NULL,
  confirmed boolean NOT NULL,
  last_step bigint NOT NULL,
  created_at timestamptz NOT NULL
);
)sql",
    // 10 (issue 12): several projects on one server: a case's project (none: the
    // server's own) and each project's team
    R"sql(
CREATE TABLE case_projects (
  case_id text COLLATE "C" PRIMARY KEY REFERENCES cases(id),
  project text COLLATE "C" NOT NULL
);
CREATE INDEX case_projects_by_project ON case_projects(project, case_id);

CREATE TABLE project_members (
  project text COLLATE "C" NOT NULL,
  user_name text COLLATE "C" NOT NULL REFERENCES users(name),
  PRIMARY KEY (project, user_name)
);
CREATE INDEX project_members_by_user ON project_members(user_name, project);
)sql",
    // 11 (issue 11, scheduler): the release job queue; depends_on is "1,2,3"
    R"sql(
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases(id),
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  depends_on text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts integer NOT NULL,
  lease_owner text NOT NULL,
  lease_until timestamptz,
  result text NOT NULL,
  last_error text NOT NULL
);
CREATE INDEX jobs_by_state ON jobs(state, due_at);
CREATE INDEX jobs_by_case ON jobs(case_id, due_at);
)sql",
    // 12 (issue 10): a counter every change to what the case list shows bumps
    // (cases, grants, projects, users), so pages can cache what they render
    R"sql(
CREATE TABLE change_counter (one boolean PRIMARY KEY DEFAULT true CHECK (one), n bigint NOT NULL);
INSERT INTO change_counter (n) VALUES (0);
CREATE FUNCTION bump_change_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE change_counter SET n = n + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_counts AFTER INSERT OR UPDATE OR DELETE ON cases FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter();
CREATE TRIGGER case_grants_counts AFTER INSERT OR UPDATE OR DELETE ON case_grants FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter();
CREATE TRIGGER case_projects_counts AFTER INSERT OR UPDATE OR DELETE ON case_projects FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter();
CREATE TRIGGER project_members_counts AFTER INSERT OR UPDATE OR DELETE ON project_members FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter();
CREATE TRIGGER users_counts AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter();
)sql",
    // 13 (issue 12): one case counter per id prefix and year, so each project
    // numbers its own cases. Every (prefix, year) already used starts from the
    // old server-wide counter of that year or its highest id, whichever is
    // higher: no existing id can be handed out again.
    R"sql(
CREATE TABLE case_counters_by_prefix (
  prefix text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (prefix, year)
);
INSERT INTO case_counters_by_prefix(prefix, year, last)
SELECT used.prefix, used.year, greatest(used.top, coalesce((SELECT c.last FROM case_counters c WHERE c.year = used.year), 0))
FROM (
  SELECT split_part(id, '-', 1) AS prefix, split_part(id, '-', 2)::integer AS year,
         max(split_part(id, '-', 3)::integer) AS top
  FROM cases WHERE id ~ '^[A-Z0-9]+-[0-9]{4}-[0-9]{1,9}$' GROUP BY 1, 2
) used;
DROP TABLE case_counters;
ALTER TABLE case_counters_by_prefix RENAME TO case_counters;
ALTER TABLE case_counters RENAME CONSTRAINT case_counters_by_prefix_pkey TO case_counters_pkey;
)sql",
    // 14 (issue 23): the reporter's OpenPGP key (primary fingerprint; the
    // key itself is in the team's GnuPG home); '' = none known
    R"sql(
ALTER TABLE cases ADD COLUMN reporter_key text NOT NULL DEFAULT '';
)sql",
    // 15 (issue 24, finding 10): mail to the team about no case (a quarantined
    // message): outbox.case_id may be NULL.
    R"sql(
ALTER TABLE outbox ALTER COLUMN case_id DROP NOT NULL;
)sql",
    // 16 (issue 25): a vulnerability's further identifiers (a GCVE beside the
    // CVE), a JSON array of strings; the primary one stays in `identifier`
    R"sql(
ALTER TABLE vulnerabilities ADD COLUMN aliases jsonb NOT NULL DEFAULT '[]'::jsonb;
)sql",
}};

constexpr std::string_view k_schema_table = R"sql(
CREATE TABLE IF NOT EXISTS embargo_schema (
  application text NOT NULL CHECK (application = 'embargo'),
  version integer NOT NULL,
  one boolean PRIMARY KEY DEFAULT true CHECK (one)
))sql";

// Tables of the current schema other than ours: a database someone else uses.
Result<void> refuse_foreign(pqxx::work& w) {
  auto ours = w.exec(
                   "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                   "AND table_name = 'embargo_schema'")[0][0]
                  .as<int>();
  auto all =
      w.exec("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")[0][0].as<int>();
  if (ours == 0 && all != 0) {
    return make_error(ErrorCode::invalid_argument,
                      "the database is not an embargo store (its schema holds other tables)");
  }
  return {};
}

// One step: under the lock, apply migration `current` + 1 if still due.
// Returns the version after the step.
Result<int> step(pqxx::connection& conn) {
  pqxx::work w(conn);
  w.exec(fmt::format("SELECT pg_advisory_xact_lock({})", k_migration_lock));
  TRY(refuse_foreign(w));
  w.exec(std::string(k_schema_table));
  auto rows = w.exec("SELECT version FROM embargo_schema");
  int version = rows.empty() ? 0 : rows[0][0].as<int>();
  if (version > schema_version()) {
    return make_error(ErrorCode::not_supported,
                      fmt::format("the store has schema version {}, newer than this embargo ({}); upgrade embargo",
                                  version, schema_version()));
  }
  if (version == schema_version()) {
    w.commit();
    return version;
  }
  w.exec(std::string(k_migrations[static_cast<std::size_t>(version)]));
  w.exec_params(
      "INSERT INTO embargo_schema(application, version) VALUES ('embargo', $1) "
      "ON CONFLICT (one) DO UPDATE SET version = excluded.version",
      version + 1);
  w.commit();
  return version + 1;
}

}  // namespace

int schema_version() {
  return static_cast<int>(k_migrations.size());
}

Result<void> migrate(pqxx::connection& conn) {
  int version = -1;
  while (version != schema_version()) {
    try {
      TRY_ASSIGN(version, step(conn));
    } catch (const std::exception& e) {
      return make_error(ErrorCode::io_error, fmt::format("migrating the schema failed: {}", e.what()));
    }
  }
  return {};
}

}  // namespace embargo::storage::postgres
