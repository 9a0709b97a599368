-- The appraisal workspace of each learner, alone (class_id 0) or in a class: their practice
-- ratings, notes, evidence and goals marked unsatisfied, as one JSON document, and when they
-- submitted it. Whether each class's instructors have revealed the key.
CREATE TABLE appraisal_workspaces (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id     INTEGER NOT NULL,
    workspace    TEXT    NOT NULL,
    submitted_at TEXT,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (user_id, class_id)
);
CREATE INDEX appraisal_workspaces_by_class ON appraisal_workspaces (class_id);

CREATE TABLE class_appraisals (
    class_id     INTEGER PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    revealed     INTEGER NOT NULL CHECK (revealed IN (0, 1))
);
