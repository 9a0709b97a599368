-- The room's side of a live session. Questions learners post (the text as typed, for the
-- instructor's export, and as rendered safe HTML), with the instructor's pin, answered and hidden
-- marks; one upvote per person and question; and each person's raised signals (a hand, "too
-- fast", "too slow", "lost me"), one row per person and kind, whose age decides whether it still
-- counts. Times are milliseconds since 1970, so the rate limit and the expiry are arithmetic.
CREATE TABLE live_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    posted_ms   INTEGER NOT NULL,
    pinned      INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    answered    INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
    hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1))
);
CREATE INDEX live_questions_by_class ON live_questions (class_id, hidden);
CREATE INDEX live_questions_by_author ON live_questions (class_id, author_id, posted_ms);
CREATE TABLE live_question_votes (
    question_id INTEGER NOT NULL REFERENCES live_questions (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, user_id)
);
CREATE TABLE live_signals (
    class_id    INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    raised_ms   INTEGER NOT NULL,
    PRIMARY KEY (class_id, user_id, kind)
);
CREATE INDEX live_signals_by_time ON live_signals (class_id, raised_ms);
