-- PostgreSQL twin of sqlite/0017: improvement plans and rating snapshots.
CREATE TABLE improvement_plans (
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id    BIGINT NOT NULL,
    plan_json   TEXT   NOT NULL,
    updated_at  TEXT   NOT NULL,
    PRIMARY KEY (user_id, class_id)
);
CREATE INDEX improvement_plans_by_class ON improvement_plans (class_id);
CREATE TABLE rating_snapshots (
    id            BIGSERIAL PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    class_id      BIGINT NOT NULL,
    name          TEXT   NOT NULL,
    ratings_json  TEXT   NOT NULL,
    marks_json    TEXT   NOT NULL,
    automatic     BIGINT NOT NULL,
    taken_at      TEXT   NOT NULL
);
CREATE INDEX rating_snapshots_by_owner ON rating_snapshots (user_id, class_id, id);
CREATE INDEX rating_snapshots_by_class ON rating_snapshots (class_id, id);
