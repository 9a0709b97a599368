-- PostgreSQL twin of sqlite/0006: class exercises, submissions, grades and class settings.
-- to essays, and how each class's instructors set each exercise up. `class_id` 0 means "on my
-- own", outside any class (so it has no foreign key).

CREATE TABLE exercise_drafts (
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id     BIGINT  NOT NULL,
    exercise_id  TEXT    NOT NULL,
    answers      TEXT    NOT NULL, -- JSON object: item id -> answer
    updated_at   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (user_id, class_id, exercise_id)
);
CREATE INDEX exercise_drafts_by_class ON exercise_drafts (class_id, exercise_id);

CREATE TABLE exercise_submissions (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id     BIGINT  NOT NULL,
    exercise_id  TEXT    NOT NULL,
    attempt      BIGINT  NOT NULL CHECK (attempt >= 1),
    -- The token the submit button carried: a retried or doubled post finds its submission.
    request_id   TEXT    NOT NULL,
    answers      TEXT    NOT NULL,
    -- Hundredths of a point from the automatically graded items.
    auto_points  BIGINT  NOT NULL,
    submitted_at TEXT COLLATE "C" NOT NULL,
    UNIQUE (user_id, class_id, exercise_id, attempt),
    UNIQUE (user_id, request_id)
);
CREATE INDEX exercise_submissions_by_class ON exercise_submissions (class_id, exercise_id);

CREATE TABLE exercise_grades (
    submission_id BIGINT  NOT NULL REFERENCES exercise_submissions (id) ON DELETE CASCADE,
    item_id       TEXT    NOT NULL,
    points        BIGINT  NOT NULL, -- hundredths of a point
    levels        TEXT    NOT NULL, -- JSON array: the level index chosen for each criterion
    comment       TEXT    NOT NULL,
    graded_by     BIGINT  NOT NULL REFERENCES users (id),
    graded_at     TEXT    NOT NULL,
    PRIMARY KEY (submission_id, item_id)
);

CREATE TABLE class_exercises (
    class_id     BIGINT  NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    exercise_id  TEXT    NOT NULL,
    is_open      BIGINT  CHECK (is_open IN (0, 1)), -- NULL: never opened or closed by hand
    deadline     TEXT,
    released     BIGINT  NOT NULL DEFAULT 0 CHECK (released IN (0, 1)),
    PRIMARY KEY (class_id, exercise_id)
);
