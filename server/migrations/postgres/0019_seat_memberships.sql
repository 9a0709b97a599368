-- Whether a registration's seat is what made the person a learner of the class. Someone who
-- had joined by code before registering keeps their place when they cancel the seat; only a
-- membership the seat created leaves with it. Registrations seated before this column existed
-- were seated by registration, hence the default.
ALTER TABLE registrations ADD COLUMN seat_made_member BIGINT NOT NULL DEFAULT 1;
