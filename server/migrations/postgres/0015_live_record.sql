-- PostgreSQL twin of sqlite/0015: the record of a class's live sessions and attendance.
CREATE TABLE live_timeline (
    id        BIGSERIAL PRIMARY KEY,
    class_id  BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    at_ms     BIGINT NOT NULL,
    kind      TEXT   NOT NULL,
    detail    TEXT   NOT NULL,
    data      TEXT
);
CREATE INDEX live_timeline_by_class ON live_timeline (class_id, id);
CREATE TABLE live_presence (
    class_id  BIGINT NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day       TEXT COLLATE "C" NOT NULL,
    minutes   BIGINT NOT NULL,
    first_ms  BIGINT NOT NULL,
    last_ms   BIGINT NOT NULL,
    PRIMARY KEY (class_id, user_id, day)
);
