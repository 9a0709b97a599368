-- PostgreSQL twin of sqlite/0016: offerings, registrations, attendance, certificates, keys.
CREATE TABLE offerings (
    class_id              BIGINT PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    published             BIGINT NOT NULL,
    delivery              TEXT    NOT NULL,
    location              TEXT    NOT NULL,
    time_zone             TEXT    NOT NULL,
    daily_start           BIGINT NOT NULL,
    daily_end             BIGINT NOT NULL,
    seats                 BIGINT NOT NULL,
    registration_deadline TEXT    NOT NULL,
    fees_json             TEXT    NOT NULL,
    updated_ms            BIGINT NOT NULL
);
CREATE TABLE registrations (
    id                  BIGSERIAL PRIMARY KEY,
    class_id            BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id             BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status              TEXT    NOT NULL CHECK (status IN ('seated', 'waitlisted', 'cancelled')),
    registered_ms       BIGINT NOT NULL,
    terms_accepted_ms   BIGINT NOT NULL,
    cancelled_ms        BIGINT,
    UNIQUE (class_id, user_id)
);
CREATE INDEX registrations_by_status ON registrations (class_id, status, id);
CREATE TABLE attendance_marks (
    class_id   BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day        TEXT COLLATE "C" NOT NULL,
    mark       TEXT    NOT NULL CHECK (mark IN ('present', 'absent', 'partial')),
    note       TEXT    NOT NULL,
    marked_by  BIGINT NOT NULL REFERENCES users (id),
    marked_ms  BIGINT NOT NULL,
    PRIMARY KEY (class_id, user_id, day)
);
-- One row per minute (milliseconds / 60000) a learner's live page was connected while the
-- session ran: a second tab or a second server counts the same minute once.
CREATE TABLE live_presence_minutes (
    class_id  BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    minute    BIGINT NOT NULL,
    PRIMARY KEY (class_id, user_id, minute)
);
CREATE TABLE completion_rules (
    class_id   BIGINT PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    rule_json  TEXT    NOT NULL
);
CREATE TABLE certificates (
    id                 BIGSERIAL PRIMARY KEY,
    code               TEXT    NOT NULL UNIQUE,
    class_id           BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id            BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    learner_name       TEXT    NOT NULL,
    course_title       TEXT    NOT NULL,
    starts_on          TEXT    NOT NULL,
    ends_on            TEXT    NOT NULL,
    delivery           TEXT    NOT NULL,
    cpe_quarter_hours  BIGINT NOT NULL,
    issued_at          TEXT    NOT NULL,
    issued_by          BIGINT NOT NULL REFERENCES users (id),
    revoked_at         TEXT,
    revoked_reason     TEXT,
    revoked_by         BIGINT REFERENCES users (id),
    UNIQUE (class_id, user_id)
);
-- The server's signing keys by name; the first server to start inserts, the others read it.
CREATE TABLE signing_keys (
    name        TEXT    PRIMARY KEY,
    secret_hex  TEXT    NOT NULL,
    created_ms  BIGINT NOT NULL
);
