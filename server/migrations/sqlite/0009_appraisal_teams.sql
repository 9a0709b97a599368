-- Team mode of the appraisal: a class's teams, each with the ratings its members agreed (one
-- JSON document holding the agreed workspace and a revision per practice, so concurrent edits
-- by teammates are detected rather than overwritten) and when the team submitted them; and
-- which team each learner of the class is on (at most one).
CREATE TABLE appraisal_teams (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    class_id     INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    workspace    TEXT    NOT NULL,
    submitted_at TEXT,
    updated_at   TEXT    NOT NULL,
    UNIQUE (class_id, name)
);

CREATE TABLE appraisal_team_members (
    class_id     INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id      INTEGER NOT NULL REFERENCES appraisal_teams (id) ON DELETE CASCADE,
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX appraisal_team_members_by_team ON appraisal_team_members (team_id);
