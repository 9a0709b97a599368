-- PostgreSQL twin of sqlite/0008: a class's adjustments of the instructor key.
-- where they disagree with the course's default key. Without a row, the default applies.
CREATE TABLE class_key_ratings (
    class_id     BIGINT  NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    practice_id  TEXT    NOT NULL,
    rating       TEXT    NOT NULL CHECK (rating IN ('FI', 'LI', 'PI', 'NI')),
    PRIMARY KEY (class_id, practice_id)
);
