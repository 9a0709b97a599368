-- The appraisal jigsaw: an instructor can give a team a share of the case's scope (some of its
-- process areas, by abbreviation, separated by commas). Empty means the whole scope, as before.
ALTER TABLE appraisal_teams ADD COLUMN process_areas TEXT NOT NULL DEFAULT '';
