-- PostgreSQL twin of sqlite/0009: a class's appraisal teams, their agreed ratings (one JSON
-- document with a revision per practice) and when they submitted them; each learner's team.
CREATE TABLE appraisal_teams (
    id           BIGSERIAL PRIMARY KEY,
    class_id     BIGINT  NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    workspace    TEXT    NOT NULL,
    submitted_at TEXT COLLATE "C",
    updated_at   TEXT COLLATE "C" NOT NULL,
    UNIQUE (class_id, name)
);

CREATE TABLE appraisal_team_members (
    class_id     BIGINT  NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id      BIGINT  NOT NULL REFERENCES appraisal_teams (id) ON DELETE CASCADE,
    PRIMARY KEY (class_id, user_id)
);
CREATE INDEX appraisal_team_members_by_team ON appraisal_team_members (team_id);
