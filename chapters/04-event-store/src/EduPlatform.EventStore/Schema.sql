-- The event store's whole schema: three tables and one function, in the schema "eventstore".
-- Safe to run at every start (everything is IF NOT EXISTS / OR REPLACE).
CREATE SCHEMA IF NOT EXISTS eventstore;

-- Every event ever appended, all streams in one table. Rows are inserted, never updated or deleted:
-- the history is the data.
CREATE TABLE IF NOT EXISTS eventstore.events (
    -- The event's place in the one global order ("$all"): 1, 2, 3, ... with no holes, and in commit
    -- order, because append_to_stream below hands positions out one committed append at a time.
    global_position bigint      PRIMARY KEY,
    stream_id       text        NOT NULL,
    -- The event's place in its stream: 1, 2, 3, ...; a stream's version is the number of its events.
    stream_version  bigint      NOT NULL,
    -- Chosen by the writer, so a retried append is recognised (idempotency).
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    data            jsonb       NOT NULL,
    metadata        jsonb,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    -- The last line of defence: even a buggy writer cannot store two events at one stream version
    -- or one event id twice. The index also serves "read stream" and "current version" lookups.
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
    CONSTRAINT events_event_id_key UNIQUE (event_id)
);

-- The latest snapshot of a stream's folded state per snapshot type. A cache: deleting every row loses
-- nothing but speed.
CREATE TABLE IF NOT EXISTS eventstore.snapshots (
    stream_id      text        NOT NULL,
    snapshot_type  text        NOT NULL,
    stream_version bigint      NOT NULL,
    data           jsonb       NOT NULL,
    taken_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_id, snapshot_type)
);

-- How far each catch-up subscription has got: the global position of the last event it handled.
CREATE TABLE IF NOT EXISTS eventstore.checkpoints (
    subscription_id text        PRIMARY KEY,
    position        bigint      NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Appends a batch of events to one stream, all or nothing, in ONE round trip and one transaction.
--
-- p_expected_version: >= 0  the stream must have exactly this many events (0 = "no stream yet")
--                     -1    any: no check
--                     -2    the stream must exist (have at least one event)
--
-- outcome:  'appended'                stored; stream_version is the new version
--           'already_appended'        these event ids were stored before by the same append (a retry
--                                     after a lost acknowledgement: same stream, order, types, data and
--                                     metadata): nothing written, the original version and positions returned
--           'wrong_expected_version'  nothing written; stream_version is the actual version
--           'event_ids_reused'        some ids are stored, but not as this same batch (another stream,
--                                     order or content): nothing written
CREATE OR REPLACE FUNCTION eventstore.append_to_stream(
    p_stream_id        text,
    p_expected_version bigint,
    p_event_ids        uuid[],
    p_event_types      text[],
    p_data             jsonb[],
    p_metadata         jsonb[])
RETURNS TABLE (outcome text, stream_version bigint, first_position bigint, last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_count           int := cardinality(p_event_ids);
    v_current         bigint;  -- the stream's version before this append
    v_head            bigint;  -- the last global position before this append
    v_known           bigint;  -- how many of p_event_ids are stored already
    v_same_stream     boolean;
    v_same_append     boolean;
    v_first_version   bigint;
    v_first_position  bigint;
    v_last_position   bigint;
BEGIN
    -- 1. One appender at a time, database-wide, until this transaction commits.
    --    Why: global positions must become visible in the order they are handed out. With a plain
    --    sequence two appends can take positions 7 and 8 and commit as 8, then 7: a reader that saw 8
    --    and moved its checkpoint past 7 would never see 7 (the "commit-order gap"). Holding this lock
    --    from "take the next position" to COMMIT makes position order = commit order, with no holes.
    --    It is held for the few statements below only; no client round trip happens while it is held.
    PERFORM pg_advisory_xact_lock('eventstore.events'::regclass::oid::bigint);

    SELECT coalesce(max(e.stream_version), 0) INTO v_current
      FROM eventstore.events e WHERE e.stream_id = p_stream_id;

    -- 2. Idempotency. Event ids are unique forever, so a batch whose ids are stored already is either a
    --    retry of an append that succeeded (its acknowledgement was lost) or a mistake.
    SELECT count(*), bool_and(e.stream_id = p_stream_id), min(e.stream_version),
           min(e.global_position), max(e.global_position)
      INTO v_known, v_same_stream, v_first_version, v_first_position, v_last_position
      FROM eventstore.events e
     WHERE e.event_id = ANY (p_event_ids);

    IF v_known > 0 THEN
        -- "The same append": every id is stored, in this stream, in this order at consecutive versions,
        -- with the same type, data and metadata. An id reused for other content is a conflict, never a
        -- success that silently drops the new content (jsonb compares by value: key order and
        -- whitespace do not count).
        SELECT bool_and(e.stream_version = v_first_version + b.ord - 1
                        AND e.event_type = b.event_type
                        AND e.data = b.data
                        AND e.metadata IS NOT DISTINCT FROM b.metadata) INTO v_same_append
          FROM unnest(p_event_ids, p_event_types, p_data, p_metadata)
               WITH ORDINALITY AS b(event_id, event_type, data, metadata, ord)
          JOIN eventstore.events e ON e.event_id = b.event_id;
        IF v_known < v_count OR NOT v_same_stream OR NOT v_same_append THEN
            RETURN QUERY SELECT 'event_ids_reused', v_current, NULL::bigint, NULL::bigint;
            RETURN;
        END IF;
        -- The same append is acknowledged again only if it was made with the same expectation: a
        -- different exact expected version means the caller's view of the stream differs (as in EventStoreDB).
        IF p_expected_version IN (-1, -2) OR p_expected_version = v_first_version - 1 THEN
            RETURN QUERY SELECT 'already_appended', v_first_version + v_count - 1, v_first_position, v_last_position;
        ELSE
            RETURN QUERY SELECT 'wrong_expected_version', v_current, NULL::bigint, NULL::bigint;
        END IF;
        RETURN;
    END IF;

    -- 3. Optimistic concurrency: the caller decided on what it read at version p_expected_version.
    IF NOT (p_expected_version = -1
            OR (p_expected_version = -2 AND v_current > 0)
            OR p_expected_version = v_current) THEN
        RETURN QUERY SELECT 'wrong_expected_version', v_current, NULL::bigint, NULL::bigint;
        RETURN;
    END IF;

    -- 4. Append: versions continue the stream, positions continue the global order.
    SELECT coalesce(max(e.global_position), 0) INTO v_head FROM eventstore.events e;

    INSERT INTO eventstore.events (global_position, stream_id, stream_version, event_id, event_type, data, metadata)
    SELECT v_head + b.ord, p_stream_id, v_current + b.ord, b.event_id, b.event_type, b.data, b.metadata
      FROM unnest(p_event_ids, p_event_types, p_data, p_metadata)
           WITH ORDINALITY AS b(event_id, event_type, data, metadata, ord);

    -- 5. Wake live subscribers. PostgreSQL delivers the notification at COMMIT, never for a rollback.
    PERFORM pg_notify('eventstore_appended', (v_head + v_count)::text);

    RETURN QUERY SELECT 'appended', v_current + v_count, v_head + 1, v_head + v_count;
END
$$;
