-- The enrollment saga's tables. Each service owns a schema (database per service, here a schema per service in one
-- database so that a test clones one template); no service reads another's. Every service that sends messages has
-- its own outbox (written in the same transaction as its state) and every service that receives them its own inbox.

-- {service}.outbox / {service}.inbox / {service}.dead_letters are created per schema by SagaSchema.cs.

CREATE SCHEMA IF NOT EXISTS seats;
CREATE TABLE seats.courses (
    course_id  text PRIMARY KEY,
    capacity   int  NOT NULL CHECK (capacity >= 0),
    reserved   int  NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= capacity)
);
-- One row per enrollment: held, refused, or released. A release that arrives before its reservation leaves a
-- 'released' row, so the late reservation is refused instead of holding a seat nobody will release.
CREATE TABLE seats.reservations (
    enrollment_id uuid PRIMARY KEY,
    course_id     text NOT NULL,
    status        text NOT NULL CHECK (status IN ('held', 'refused', 'released')),
    updated_at    timestamptz NOT NULL
);
-- Every seat side effect, written as it happens: the verification counts duplicates here.
CREATE TABLE seats.side_effects (
    id            bigserial PRIMARY KEY,
    enrollment_id uuid NOT NULL,
    kind          text NOT NULL,
    at            timestamptz NOT NULL
);

CREATE SCHEMA IF NOT EXISTS payments;
-- One row per enrollment: charged, declined, refunded, or voided (a refund that came before its charge).
CREATE TABLE payments.charges (
    enrollment_id uuid PRIMARY KEY,
    student_id    text NOT NULL,
    amount        numeric(12, 2) NOT NULL,
    status        text NOT NULL CHECK (status IN ('charged', 'declined', 'refunded', 'voided')),
    updated_at    timestamptz NOT NULL
);
-- The money that moved: one line per charge and per refund. No unique key on purpose: a duplicate charge would show.
CREATE TABLE payments.ledger (
    id            bigserial PRIMARY KEY,
    enrollment_id uuid NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('charge', 'refund')),
    amount        numeric(12, 2) NOT NULL,
    at            timestamptz NOT NULL
);

CREATE SCHEMA IF NOT EXISTS video;
CREATE TABLE video.grants (
    enrollment_id uuid PRIMARY KEY,
    student_id    text NOT NULL,
    course_id     text NOT NULL,
    granted_at    timestamptz NOT NULL
);
CREATE TABLE video.side_effects (
    id            bigserial PRIMARY KEY,
    enrollment_id uuid NOT NULL,
    kind          text NOT NULL,
    at            timestamptz NOT NULL
);

CREATE SCHEMA IF NOT EXISTS notifications;
CREATE TABLE notifications.sent (
    id            bigserial PRIMARY KEY,
    enrollment_id uuid NOT NULL,
    student_id    text NOT NULL,
    text          text NOT NULL,
    at            timestamptz NOT NULL
);

-- The orchestrator: one row per saga, its state and an optimistic version; its history; its durable timeouts.
CREATE SCHEMA IF NOT EXISTS orchestrator;
CREATE TABLE orchestrator.sagas (
    saga_id          uuid PRIMARY KEY,
    student_id       text NOT NULL,
    course_id        text NOT NULL,
    amount           numeric(12, 2) NOT NULL,
    state            text NOT NULL,
    charge_requested boolean NOT NULL DEFAULT false,
    resume_state     text NULL,            -- where a saga in NeedsAttention goes back to when an operator retries
    timeout_id       uuid NULL,            -- the one timeout that counts; older ones are stale
    version          int NOT NULL,
    started_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    ended_at         timestamptz NULL
);
CREATE TABLE orchestrator.history (
    id          bigserial PRIMARY KEY,
    saga_id     uuid NOT NULL,
    message_id  uuid NOT NULL,
    message     text NOT NULL,
    causation_id uuid NULL,
    from_state  text NULL,
    to_state    text NOT NULL,
    changed     boolean NOT NULL,
    note        text NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX ON orchestrator.history (saga_id, id);
-- One timeout per saga, re-armed as it moves on (a new timeout_id each time: a timeout already in flight with the old
-- id arrives stale). It is not cancelled when the saga ends: it fires, and the saga ignores it.
CREATE TABLE orchestrator.timeouts (
    saga_id     uuid PRIMARY KEY,
    timeout_id  uuid NOT NULL,
    armed_by    uuid NOT NULL,             -- the message that armed it: the timeout message's causation
    due_at      timestamptz NOT NULL,
    fired_at    timestamptz NULL
);
CREATE INDEX ON orchestrator.timeouts (due_at) WHERE fired_at IS NULL;

-- Choreography has no orchestrator: the enrollments service takes the request and watches the events go by.
CREATE SCHEMA IF NOT EXISTS enrollments;
CREATE TABLE enrollments.enrollments (
    enrollment_id uuid PRIMARY KEY,
    student_id    text NOT NULL,
    course_id     text NOT NULL,
    amount        numeric(12, 2) NOT NULL,
    status        text NOT NULL,
    resume_status text NULL,
    version       int NOT NULL,
    requested_at  timestamptz NOT NULL,
    ended_at      timestamptz NULL
);
CREATE TABLE enrollments.history (
    id          bigserial PRIMARY KEY,
    saga_id     uuid NOT NULL,
    message_id  uuid NOT NULL,
    message     text NOT NULL,
    causation_id uuid NULL,
    from_state  text NULL,
    to_state    text NOT NULL,
    changed     boolean NOT NULL,
    note        text NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX ON enrollments.history (saga_id, id);

-- The MassTransit state machine's saga rows (its own small repository, MassTransitSagaRepository.cs), its history,
-- and its dead letters (the messages MassTransit moved to an _error queue after their retries).
CREATE SCHEMA IF NOT EXISTS masstransit;
CREATE TABLE masstransit.enrollment_sagas (
    correlation_id   uuid PRIMARY KEY,
    current_state    text NOT NULL,
    student_id       text NOT NULL,
    course_id        text NOT NULL,
    amount           numeric(12, 2) NOT NULL,
    charge_requested boolean NOT NULL,
    resume_state     text NULL,
    timeout_id       uuid NULL,
    timeout_due_at   timestamptz NULL,
    timeout_fired    uuid NULL,            -- the timeout_id last fired: due, not yet fired = timeout_fired IS DISTINCT FROM timeout_id
    version          int NOT NULL,
    started_at       timestamptz NOT NULL,
    ended_at         timestamptz NULL
);
CREATE INDEX ON masstransit.enrollment_sagas (timeout_due_at) WHERE timeout_id IS NOT NULL;
CREATE TABLE masstransit.history (
    id          bigserial PRIMARY KEY,
    saga_id     uuid NOT NULL,
    message_id  uuid NOT NULL,
    message     text NOT NULL,
    causation_id uuid NULL,
    from_state  text NULL,
    to_state    text NOT NULL,
    changed     boolean NOT NULL,
    note        text NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX ON masstransit.history (saga_id, id);
