-- PostgreSQL twin of sqlite/0018: a class's own target capability levels.
CREATE TABLE class_plan_targets (
    class_id      BIGINT PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    targets_json  TEXT   NOT NULL,
    updated_at    TEXT   NOT NULL
);
