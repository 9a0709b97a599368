-- PostgreSQL twin of sqlite/0013: quick checks in a live session.
ALTER TABLE live_sessions ADD COLUMN check_json TEXT;
-- The run that takes answers now (the session live and the check open), else NULL: an answer
-- is stored only while its run is this one, in one statement.
ALTER TABLE live_sessions ADD COLUMN open_run BIGINT;
CREATE TABLE live_check_answers (
    class_id     BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    run          BIGINT NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answer       TEXT   NOT NULL,
    answered_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (class_id, run, user_id)
);
