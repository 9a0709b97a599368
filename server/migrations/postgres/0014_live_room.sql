-- PostgreSQL twin of sqlite/0014: the room's questions, upvotes and signals in a live session.
CREATE TABLE live_questions (
    id          BIGSERIAL PRIMARY KEY,
    class_id    BIGINT  NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    author_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    posted_ms   BIGINT  NOT NULL,
    pinned      BIGINT  NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    answered    BIGINT  NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
    hidden      BIGINT  NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1))
);
CREATE INDEX live_questions_by_class ON live_questions (class_id, hidden);
CREATE INDEX live_questions_by_author ON live_questions (class_id, author_id, posted_ms);
CREATE TABLE live_question_votes (
    question_id BIGINT  NOT NULL REFERENCES live_questions (id) ON DELETE CASCADE,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, user_id)
);
CREATE TABLE live_signals (
    class_id    BIGINT  NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    raised_ms   BIGINT  NOT NULL,
    PRIMARY KEY (class_id, user_id, kind)
);
CREATE INDEX live_signals_by_time ON live_signals (class_id, raised_ms);
