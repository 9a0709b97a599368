-- Issue 17: a class's own target capability levels, set by its instructors as an adjustment of
-- the case file's suggestions (process area → level, as JSON). A learner's own targets still
-- come first; the class's stand where the learner has set none.
CREATE TABLE class_plan_targets (
    class_id      INTEGER PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    targets_json  TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
