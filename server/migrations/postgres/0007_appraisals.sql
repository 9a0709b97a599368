-- PostgreSQL twin of sqlite/0007: appraisal workspaces and whether each class saw the key.
-- ratings, notes, evidence and goals marked unsatisfied, as one JSON document, and when they
-- submitted it. Whether each class's instructors have revealed the key.
CREATE TABLE appraisal_workspaces (
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id     BIGINT  NOT NULL,
    workspace    TEXT    NOT NULL,
    submitted_at TEXT COLLATE "C",
    updated_at   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (user_id, class_id)
);
CREATE INDEX appraisal_workspaces_by_class ON appraisal_workspaces (class_id);

CREATE TABLE class_appraisals (
    class_id     BIGINT  PRIMARY KEY REFERENCES classes (id) ON DELETE CASCADE,
    revealed     BIGINT  NOT NULL CHECK (revealed IN (0, 1))
);
