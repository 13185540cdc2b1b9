-- The read side's bookkeeping, beside chapter 04's schema "eventstore" in the same database.
-- Safe to run at every start (IF NOT EXISTS).
--
--   projections.generations   every version of the PostgreSQL read models: building, active, standby, dropped
--   projections.dead_letters  events a projection parked (poison), with the reason
--   readmodel_v{N}.*          generation N's tables (GenerationSchema.sql)
--   readmodel.*               views on the ACTIVE generation's tables: what every query reads. A blue/green switch
--                             replaces these views in one transaction, so readers move from N to N+1 atomically.
CREATE SCHEMA IF NOT EXISTS projections;
CREATE SCHEMA IF NOT EXISTS readmodel;

CREATE TABLE IF NOT EXISTS projections.generations (
    version          int         PRIMARY KEY,
    status           text        NOT NULL CHECK (status IN ('building', 'active', 'standby', 'dropped')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- Filled when a building generation first reaches the active one: how long the rebuild took, at what position.
    caught_up_at     timestamptz,
    caught_up_position bigint,
    activated_at     timestamptz,
    dropped_at       timestamptz
);

-- At most one generation is active: the one the readmodel.* views point at.
CREATE UNIQUE INDEX IF NOT EXISTS generations_one_active ON projections.generations ((true)) WHERE status = 'active';

CREATE TABLE IF NOT EXISTS projections.dead_letters (
    projection      text        NOT NULL,
    global_position bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    stream_id       text        NOT NULL,
    event_type      text        NOT NULL,
    reason          text        NOT NULL,
    attempts        int         NOT NULL,
    parked_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, global_position)
);
