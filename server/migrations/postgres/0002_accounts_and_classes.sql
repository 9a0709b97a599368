-- PostgreSQL twin of sqlite/0002: people, their sign-in sessions, and classes.

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    -- Usernames are stored in lower case (the application normalizes them), so plain
    -- uniqueness is uniqueness without regard to letter case.
    username      TEXT   NOT NULL UNIQUE CHECK (username = lower(username)),
    display_name  TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    role          TEXT   NOT NULL CHECK (role IN ('admin', 'instructor', 'learner')),
    created_at    TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

CREATE TABLE sessions (
    token_hash    TEXT   PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    expires_at    TEXT COLLATE "C" NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE classes (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT   NOT NULL,
    starts_on     TEXT COLLATE "C" NOT NULL,
    ends_on       TEXT COLLATE "C" NOT NULL,
    mode          TEXT   NOT NULL CHECK (mode IN ('instructor-led', 'self-paced')),
    join_code     TEXT   UNIQUE,
    created_by    BIGINT NOT NULL REFERENCES users (id),
    created_at    TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

CREATE TABLE class_members (
    class_id      BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT   NOT NULL CHECK (role IN ('instructor', 'learner')),
    joined_at     TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX class_members_by_user ON class_members (user_id);
