-- Indexes for look-ups that otherwise read a whole table, found by scripts/growth_bench.py at
-- 100x a year's data:
-- - every sign-in sweeps expired sessions (`expires_at < now`): a scan of all sessions inside
--   the write transaction, 37 ms at 200,000 sessions;
-- - the home page lists published self-paced classes by name;
-- - the security log filters by the person who acted, the person acted on, and the class.
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at);
CREATE INDEX IF NOT EXISTS published_classes_by_name ON classes (name) WHERE code_published = 1 AND mode = 'self-paced';
CREATE INDEX IF NOT EXISTS security_events_by_actor ON security_events (actor_id, id);
CREATE INDEX IF NOT EXISTS security_events_by_subject ON security_events (subject_id, id);
CREATE INDEX IF NOT EXISTS security_events_by_class ON security_events (class_id, id);
