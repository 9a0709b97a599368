-- Issue 16: offerings (a class's public catalog entry), registrations with a waitlist, the
-- instructor's attendance marks, each minute a learner was present in the live session (for CPE
-- hours inside the teaching slots), the class's completion rule, certificates, and the server's
-- signing key for Open Badges credentials. Times are milliseconds since 1970 unless named.
CREATE TABLE offerings (
    class_id              INTEGER PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    published             INTEGER NOT NULL,
    delivery              TEXT    NOT NULL,
    location              TEXT    NOT NULL,
    time_zone             TEXT    NOT NULL,
    daily_start           INTEGER NOT NULL,
    daily_end             INTEGER NOT NULL,
    seats                 INTEGER NOT NULL,
    registration_deadline TEXT    NOT NULL,
    fees_json             TEXT    NOT NULL,
    updated_ms            INTEGER NOT NULL
);
CREATE TABLE registrations (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id            INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id             INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status              TEXT    NOT NULL CHECK (status IN ('seated', 'waitlisted', 'cancelled')),
    registered_ms       INTEGER NOT NULL,
    terms_accepted_ms   INTEGER NOT NULL,
    cancelled_ms        INTEGER,
    UNIQUE (class_id, user_id)
);
CREATE INDEX registrations_by_status ON registrations (class_id, status, id);
CREATE TABLE attendance_marks (
    class_id   INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day        TEXT    NOT NULL,
    mark       TEXT    NOT NULL CHECK (mark IN ('present', 'absent', 'partial')),
    note       TEXT    NOT NULL,
    marked_by  INTEGER NOT NULL REFERENCES users (id),
    marked_ms  INTEGER NOT NULL,
    PRIMARY KEY (class_id, user_id, day)
);
-- One row per minute (milliseconds / 60000) a learner's live page was connected while the
-- session ran: a second tab or a second server counts the same minute once.
CREATE TABLE live_presence_minutes (
    class_id  INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    minute    INTEGER NOT NULL,
    PRIMARY KEY (class_id, user_id, minute)
);
CREATE TABLE completion_rules (
    class_id   INTEGER PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    rule_json  TEXT    NOT NULL
);
CREATE TABLE certificates (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    code               TEXT    NOT NULL UNIQUE,
    class_id           INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    learner_name       TEXT    NOT NULL,
    course_title       TEXT    NOT NULL,
    starts_on          TEXT    NOT NULL,
    ends_on            TEXT    NOT NULL,
    delivery           TEXT    NOT NULL,
    cpe_quarter_hours  INTEGER NOT NULL,
    issued_at          TEXT    NOT NULL,
    issued_by          INTEGER NOT NULL REFERENCES users (id),
    revoked_at         TEXT,
    revoked_reason     TEXT,
    revoked_by         INTEGER REFERENCES users (id),
    UNIQUE (class_id, user_id)
);
-- The server's signing keys by name; the first server to start inserts, the others read it.
CREATE TABLE signing_keys (
    name        TEXT    PRIMARY KEY,
    secret_hex  TEXT    NOT NULL,
    created_ms  INTEGER NOT NULL
);
