-- A class's adjustments of the instructor key: the rating its instructors chose for a practice
-- where they disagree with the course's default key. Without a row, the default applies.
CREATE TABLE class_key_ratings (
    class_id     INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    practice_id  TEXT    NOT NULL,
    rating       TEXT    NOT NULL CHECK (rating IN ('FI', 'LI', 'PI', 'NI')),
    PRIMARY KEY (class_id, practice_id)
);
