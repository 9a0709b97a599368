-- The record of a class's live sessions, for the instructor after class and for attendance: what
-- happened when (the slides shown, what was opened for everyone, the quick checks run), and each
-- learner's minutes present per day, counted a minute at a time while their live page was
-- connected and the session was running. Times are milliseconds since 1970; days are UTC dates.
CREATE TABLE live_timeline (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id  INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    at_ms     INTEGER NOT NULL,
    kind      TEXT    NOT NULL,
    detail    TEXT    NOT NULL,
    -- For an opened quick check: its run and the check, as JSON, to tally its answers later.
    data      TEXT
);
CREATE INDEX live_timeline_by_class ON live_timeline (class_id, id);
CREATE TABLE live_presence (
    class_id  INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day       TEXT    NOT NULL,
    minutes   INTEGER NOT NULL,
    first_ms  INTEGER NOT NULL,
    last_ms   INTEGER NOT NULL,
    PRIMARY KEY (class_id, user_id, day)
);
