-- Quick checks in a live session. The check the instructor runs (its text, whether it is open,
-- whether its results and correct answer are shown) is part of the live state, as JSON, so it
-- changes with the state's version like the slide. Each learner's answer to one run of a check
-- (`run`: the state's version when it opened, so a check opened again starts empty) is one row,
-- replaced when they change it.
ALTER TABLE live_sessions ADD COLUMN check_json TEXT;
-- The run that takes answers now (the session live and the check open), else NULL: an answer
-- is stored only while its run is this one, in one statement.
ALTER TABLE live_sessions ADD COLUMN open_run INTEGER;
CREATE TABLE live_check_answers (
    class_id     INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    run          INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answer       TEXT    NOT NULL,
    answered_at  TEXT    NOT NULL,
    PRIMARY KEY (class_id, run, user_id)
);
