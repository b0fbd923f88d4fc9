/// The case database's schema, as named migrations applied in order and recorded in
/// `lacuna_migrations`. A migration that has shipped is never edited: change the schema by adding one.
public enum Migrations {
    /// Name → SQL, in order.
    public static let all: [(name: String, sql: String)] = [
        ("001-sources-and-traces", """
        CREATE TABLE source_file (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            encoding TEXT,
            read INTEGER NOT NULL,
            imported INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            rejected INTEGER NOT NULL,
            warnings TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            UNIQUE (kind, path, sha256)
        );
        CREATE TABLE trace (
            id INTEGER PRIMARY KEY,
            content_key TEXT NOT NULL UNIQUE,
            file_id INTEGER NOT NULL REFERENCES source_file(id),
            kind TEXT NOT NULL,
            record_type TEXT NOT NULL,
            line INTEGER, end_line INTEGER, message INTEGER, byte_offset INTEGER,
            local_date TEXT, local_time TEXT, instant TEXT, precision TEXT,
            nhi TEXT, nhi_unchecked TEXT, family_name TEXT, given_name TEXT, preferred_name TEXT,
            given_initial TEXT, family_initial TEXT, dob TEXT, sex TEXT, mobile TEXT, phone TEXT, email TEXT,
            address TEXT, postcode TEXT, card_last4 TEXT, payer_name TEXT, portal_id TEXT, local_patient_id TEXT,
            people_named INTEGER,
            provider TEXT,
            payload TEXT NOT NULL
        );
        CREATE INDEX trace_by_kind ON trace(kind);
        CREATE INDEX trace_by_nhi ON trace(nhi);
        CREATE TABLE reject (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES source_file(id),
            kind TEXT NOT NULL,
            line INTEGER, end_line INTEGER, message INTEGER, byte_offset INTEGER,
            reason TEXT NOT NULL
        );
        """),
        ("002-derived-facts", """
        -- Rebuilt by every run, in one transaction, from the traces above.
        CREATE TABLE patient (
            id TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            nhi TEXT, family_name TEXT, given_name TEXT, preferred_name TEXT, dob TEXT, sex TEXT,
            mobile TEXT, phone TEXT, email TEXT, address TEXT, usual_provider TEXT,
            source_trace_id INTEGER REFERENCES trace(id)
        );
        CREATE TABLE link (
            trace_id INTEGER NOT NULL REFERENCES trace(id),
            patient_id TEXT NOT NULL,
            rule TEXT NOT NULL,
            weight REAL NOT NULL,
            PRIMARY KEY (trace_id, patient_id)
        );
        CREATE TABLE encounter (
            candidate_id TEXT PRIMARY KEY,
            patient_id TEXT NOT NULL,
            date TEXT NOT NULL,
            provider TEXT,
            confidence REAL NOT NULL,
            tier TEXT NOT NULL,
            priority INTEGER NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE TABLE encounter_evidence (
            candidate_id TEXT NOT NULL REFERENCES encounter(candidate_id),
            trace_id INTEGER NOT NULL REFERENCES trace(id),
            summary TEXT NOT NULL,
            weight REAL NOT NULL,
            PRIMARY KEY (candidate_id, trace_id)
        );
        CREATE TABLE unmatched (
            trace_id INTEGER PRIMARY KEY REFERENCES trace(id),
            reason TEXT NOT NULL
        );
        """),
        ("003-what-people-record", """
        -- Written by people (GPs, reception, reviewers), never by a run. Keyed by ids that are stable
        -- across runs (candidate_id, patient id, trace content key), so re-runs cannot orphan them.
        CREATE TABLE call_outcome (
            id INTEGER PRIMARY KEY,
            candidate_id TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            caller TEXT NOT NULL,
            outcome TEXT NOT NULL,      -- reached, proxy, voicemail, no-answer, wrong-number, declined
            summary TEXT,
            follow_ups TEXT,
            next_attempt TEXT,
            closed_reason TEXT
        );
        CREATE TABLE review_decision (
            id INTEGER PRIMARY KEY,
            subject TEXT NOT NULL,      -- 'link' or 'encounter'
            subject_key TEXT NOT NULL,  -- e.g. '<trace content key>|<patient id>' or a candidate_id
            decision TEXT NOT NULL,     -- confirm, reject
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            note TEXT
        );
        CREATE TABLE access_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
            BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
        CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
            BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
        """),
        ("004-lost-inbox", """
        -- Rebuilt by every run with the other derived facts: the inbox items of the window.
        CREATE TABLE inbox_item (
            item_id TEXT PRIMARY KEY,
            patient_id TEXT,
            received TEXT NOT NULL,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL,
            abnormal TEXT,
            provider TEXT,
            message_ids TEXT NOT NULL
        );
        CREATE TABLE inbox_item_trace (
            item_id TEXT NOT NULL REFERENCES inbox_item(item_id),
            trace_id INTEGER NOT NULL REFERENCES trace(id),
            PRIMARY KEY (item_id, trace_id)
        );
        """),
        ("005-duplicates", """
        -- Records recognised as already in the case (an overlapping export, a resend), listed so none is
        -- dropped silently: where each stands, and the content key of the trace it repeats.
        CREATE TABLE duplicate (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES source_file(id),
            kind TEXT NOT NULL,
            line INTEGER,
            end_line INTEGER,
            message INTEGER,
            byte_offset INTEGER,
            content_key TEXT NOT NULL
        );
        """),
        ("006-call-details", """
        -- What the call-list CSVs carry beyond migration 003's columns.
        ALTER TABLE call_outcome ADD COLUMN seen_on TEXT NOT NULL DEFAULT '';
        ALTER TABLE call_outcome ADD COLUMN attempts TEXT NOT NULL DEFAULT '';
        """),
        ("007-sheets-people-fill-in", """
        -- The files people fill in (call lists, review.csv) as a run last wrote or read them, so an
        -- unchanged file is not read again and a file no run wrote (a saved copy) is never removed.
        CREATE TABLE sheet_seen (
            name TEXT PRIMARY KEY,       -- relative to the output folder: call-lists/RS.csv
            sha256 TEXT NOT NULL,
            written INTEGER NOT NULL,    -- 1 when a run wrote these bytes, 0 when a person saved them
            seen_at TEXT NOT NULL
        );
        -- A file that held what people typed, kept as saved before a run writes the list again.
        CREATE TABLE kept_file (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            modified_at TEXT,
            kept_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            content BLOB NOT NULL
        );
        -- When the outcome was typed (the saved file's modification time) and where it was read.
        ALTER TABLE call_outcome ADD COLUMN typed_at TEXT;
        ALTER TABLE call_outcome ADD COLUMN source TEXT;
        """),
        ("008-how-files-were-read", """
        -- The file's bytes alone (sha256 also covers how it was read), so a reading of the same bytes
        -- by a newer reader or a new rules file replaces the earlier reading's traces; how the file was
        -- read, in words, for the report; and what made it useless (not read: a PDF), said as errors.
        ALTER TABLE source_file ADD COLUMN content_sha256 TEXT;
        ALTER TABLE source_file ADD COLUMN reading TEXT NOT NULL DEFAULT '';
        ALTER TABLE source_file ADD COLUMN errors TEXT NOT NULL DEFAULT '';
        """),
        ("008-worklist-people", """
        -- The people who work the case in a browser (`lacuna serve`), their sessions, and what they file.
        -- Written by people, never by a run.
        CREATE TABLE person (
            name TEXT PRIMARY KEY,          -- as they sign in
            role TEXT NOT NULL,             -- gp, nurse, reception, admin
            provider TEXT,                  -- a GP's or nurse's clinician code: whose list is "my list"
            password_hash TEXT NOT NULL,    -- bcrypt
            created_at TEXT NOT NULL
        );
        CREATE TABLE web_session (
            token_sha256 TEXT PRIMARY KEY,  -- the cookie's token is never stored, only its hash
            person TEXT NOT NULL REFERENCES person(name),
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE login_failure (
            name TEXT NOT NULL,
            at TEXT NOT NULL
        );
        -- A lost result, letter or message filed or actioned, keyed by the inbox item's stable id.
        CREATE TABLE item_filed (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            action TEXT NOT NULL,           -- filed, reopened
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            note TEXT
        );
        -- The access log says which patient and what changed, before and after.
        ALTER TABLE access_log ADD COLUMN patient_id TEXT;
        ALTER TABLE access_log ADD COLUMN before TEXT;
        ALTER TABLE access_log ADD COLUMN after TEXT;
        """),
        ("009-review-items", """
        -- Rebuilt by every run with the other derived facts: the links a person should look at.
        CREATE TABLE review_item (
            trace_id INTEGER NOT NULL REFERENCES trace(id),
            decision_key TEXT NOT NULL,
            source TEXT NOT NULL,
            locator TEXT NOT NULL,
            patient_id TEXT NOT NULL,
            rule TEXT NOT NULL,
            match_probability REAL NOT NULL,
            explanation TEXT NOT NULL,
            PRIMARY KEY (trace_id, patient_id)
        );
        """),
        ("010-worklist-indexes", """
        -- What the worklist's pages look up for one candidate, item or patient.
        CREATE INDEX IF NOT EXISTS call_outcome_by_candidate ON call_outcome(candidate_id, id);
        CREATE INDEX IF NOT EXISTS item_filed_by_item ON item_filed(item_id, id);
        CREATE INDEX IF NOT EXISTS inbox_item_by_patient ON inbox_item(patient_id);
        CREATE INDEX IF NOT EXISTS encounter_by_provider ON encounter(provider);
        """),
        ("011-call-evenings", """
        -- Rebuilt by every run as it writes the worksheets: whose list each candidate is on, which
        -- evening, and where on it, so that the worklist shows a GP their evening as printed.
        CREATE TABLE call_evening (
            candidate_id TEXT PRIMARY KEY,
            provider TEXT,
            evening INTEGER NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE INDEX call_evening_by_provider ON call_evening(provider, evening);
        """),
        ("012-case-owner", """
        -- The case a folder holds: another practice's playbook run into it is refused.
        CREATE TABLE case_owner (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            case_name TEXT NOT NULL,
            practice_name TEXT NOT NULL,
            playbook TEXT NOT NULL,
            since TEXT NOT NULL
        );
        """),
        ("013-last-run", """
        -- The last run's counts (candidates, lost items, calls done, links to check…), replaced by every
        -- run: the report says what changed since.
        CREATE TABLE last_run (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            finished_at TEXT NOT NULL,
            counts TEXT NOT NULL
        );
        """),
        ("014-run-inputs", """
        -- The fingerprint of everything the last finished run was made from (files by size, time and
        -- inode; options; what people recorded): a re-run with the same has nothing new and stops.
        CREATE TABLE run_inputs (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL
        );
        """),
        ("015-linkage-memo", """
        -- What the last run that linked found (its patients, links and the review's scores), as bytes,
        -- with the fingerprint of what it was made from: a run made from the same takes it back rather
        -- than linking again. Replaced by every run that links; a cache, never what people typed.
        CREATE TABLE linkage_memo (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL,
            body BLOB NOT NULL
        );
        """),
        ("016-derived-digest", """
        -- Each group of derived tables (patients, links, encounters with their evidence, …) by the digest of
        -- the rows the last run wrote: a run whose rows are the same leaves the table as it is. Cleared
        -- with the derived tables.
        CREATE TABLE derived_digest (
            name TEXT PRIMARY KEY,
            digest TEXT NOT NULL
        );
        """),
        ("017-trace-without-unread-indexes", """
        -- No query looks traces up by kind or NHI (a run reads them all; the worklist by id, a duplicate by
        -- content key): the two indexes were written for every trace imported and never read.
        DROP INDEX IF EXISTS trace_by_kind;
        DROP INDEX IF EXISTS trace_by_nhi;
        """),
        ("018-derived-memo", """
        -- What the last run derived from its links (encounters with their evidence, inbox items), as bytes,
        -- with the fingerprint of what it was derived from; written with the derived tables and cleared
        -- with them: a run derived from the same takes it back rather than deriving again. A cache, never
        -- what people typed.
        CREATE TABLE derived_memo (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL,
            body BLOB NOT NULL
        );
        """),
        ("019-source-file-stamp", """
        -- What the file system said of each file when it was read (size, times, inode): a re-run finds an
        -- unchanged file by it rather than reading and hashing every file the case names again.
        ALTER TABLE source_file ADD COLUMN stamp TEXT;
        """),
        ("020-model-memo", """
        -- The model the last training gave and what it made of each identity (as bytes), with the
        -- fingerprint of what it was trained on (the patients and the identities the traces give): linking
        -- the same takes them back rather than training and scoring again. Replaced where a linking trains
        -- or scores anew; a cache, never what people typed.
        CREATE TABLE model_memo (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL,
            body BLOB NOT NULL
        );
        """),
        ("021-trace-blocks", """
        -- Each file's traces as bytes (Store's `TraceBlock`), written in the same transaction as their rows
        -- and deleted with them: a re-run reads its traces from these rather than making each again from
        -- its row. A cache of the rows, never what people typed; where the blocks do not account for every
        -- row (a case an earlier version wrote to), the rows are read and the blocks written from them.
        CREATE TABLE trace_block (
            file_id INTEGER NOT NULL PRIMARY KEY REFERENCES source_file(id),
            traces INTEGER NOT NULL,
            lowest_id INTEGER NOT NULL,
            highest_id INTEGER NOT NULL,
            body BLOB NOT NULL
        );
        """),
        ("022-derived-row-prints", """
        -- Each derived table's rows as the last run wrote them, by a fingerprint of each row and of its key
        -- (Store's `DerivedRowPrints`), with the key's values and the digest of the table's group then: a
        -- run whose rows differ from the last run's in a few finds which without reading the table. A cache
        -- of the tables; cleared with them, and not believed where the group's digest or the table's count
        -- of rows is not what it says (the table is then read, as before).
        CREATE TABLE derived_row_prints (
            name TEXT PRIMARY KEY,
            digest TEXT NOT NULL,
            body BLOB NOT NULL
        );
        """),
        ("023-notes-made", """
        -- What the last run wrote of each chart annotation (Reports' `NoteMade`): the fingerprint of the note's
        -- inputs, its control id, and what the file system said of its file as written. A note whose inputs
        -- are the same and whose file is as written is left as it is, not made again. A cache of the
        -- outputs, never what people typed; a file changed since (another output folder, a note edited) is
        -- made again.
        CREATE TABLE note_made (
            file TEXT PRIMARY KEY,
            input_key TEXT NOT NULL,
            control_id TEXT NOT NULL,
            stamp TEXT NOT NULL
        );
        """),
    ]

    /// Applies the migrations not yet recorded, each in its own transaction.
    public static func migrate(_ database: any SQLConnection) throws {
        try database.execute("CREATE TABLE IF NOT EXISTS lacuna_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        let applied = Set(try database.rows("SELECT name FROM lacuna_migrations").compactMap { $0.first?.string })
        for migration in all where !applied.contains(migration.name) {
            try database.transaction {
                try database.execute(database.dialect.schema(migration.sql))
                try database.run("INSERT INTO lacuna_migrations (name, applied_at) VALUES (?, datetime('now'))",
                                 [.text(migration.name)])
            }
        }
    }
}
