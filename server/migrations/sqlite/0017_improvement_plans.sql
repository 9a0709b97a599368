-- Issue 17: each learner's improvement plan in a class (class_id 0: on their own), as one JSON
-- document (targets and the roadmap's actions), and named snapshots of their ratings. A
-- snapshot named "Submitted …" is taken by the server at each submission, so that instructors
-- can follow the class from the first submission to the latest.
CREATE TABLE improvement_plans (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id    INTEGER NOT NULL,
    plan_json   TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (user_id, class_id)
);
CREATE INDEX improvement_plans_by_class ON improvement_plans (class_id);
CREATE TABLE rating_snapshots (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    ratings_json  TEXT    NOT NULL,
    marks_json    TEXT    NOT NULL,
    automatic     INTEGER NOT NULL,
    taken_at      TEXT    NOT NULL
);
CREATE INDEX rating_snapshots_by_owner ON rating_snapshots (user_id, class_id, id);
CREATE INDEX rating_snapshots_by_class ON rating_snapshots (class_id, id);
