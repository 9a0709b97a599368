-- Issue 12: what the security fixes keep.

-- A sign-in reserves its failure rows before the slow password check, in the same writing
-- transaction that counts the earlier ones, so parallel guesses cannot all pass the count; a
-- correct password removes the rows it reserved. `attempt` names the reservation.
ALTER TABLE sign_in_failures ADD COLUMN attempt TEXT;
CREATE INDEX sign_in_failures_by_attempt ON sign_in_failures (attempt);

-- Sessions end after a spell of inactivity as well as at their fixed limit.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT COLLATE "C";
UPDATE sessions SET last_seen_at = created_at;

-- A learner removed from a class cannot rejoin with the code until an instructor re-admits them.
CREATE TABLE class_removals (
    class_id      BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    removed_at    TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    PRIMARY KEY (class_id, user_id)
);

-- A self-paced class may publish its join code on the home page, so that people can sign up.
ALTER TABLE classes ADD COLUMN code_published BIGINT NOT NULL DEFAULT 0;

-- Once the key was revealed, ratings compared with it stay final even if it is hidden again.
ALTER TABLE class_appraisals ADD COLUMN ever_revealed BIGINT NOT NULL DEFAULT 0;
UPDATE class_appraisals SET ever_revealed = revealed;

-- What happened that matters to security: sign-ins, password resets, role changes, key reveals
-- and hides, exports. Written in the same transaction as the action. People are kept as plain
-- numbers (no foreign key), so that the log outlives an account. Never a password or a token.
CREATE TABLE security_events (
    id            BIGSERIAL PRIMARY KEY,
    at            TEXT COLLATE "C" NOT NULL,
    kind          TEXT   NOT NULL,
    actor_id      BIGINT,
    subject_id    BIGINT,
    class_id      BIGINT,
    address       TEXT   NOT NULL DEFAULT '',
    detail        TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX security_events_by_time ON security_events (at);
CREATE INDEX security_events_by_kind ON security_events (kind, at);
