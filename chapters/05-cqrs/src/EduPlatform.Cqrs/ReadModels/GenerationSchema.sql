-- One generation of the PostgreSQL read models: three tables, one per query, and the checkpoint they share.
-- {schema} is replaced by readmodel_v{N}. The three tables are written by ONE projection in ONE transaction per
-- batch, together with the checkpoint: a query never sees the roster ahead of the progress, and a crash leaves
-- either the whole batch and its checkpoint or neither.
CREATE SCHEMA {schema};

-- How far this generation got in chapter 04's global order. One row.
--   position: the last global position applied or parked; applied + parked = position (no event twice, none skipped).
CREATE TABLE {schema}.checkpoint (
    id         boolean     PRIMARY KEY DEFAULT true CHECK (id),
    position   bigint      NOT NULL,
    applied    bigint      NOT NULL,
    parked     bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO {schema}.checkpoint (position, applied, parked) VALUES (0, 0, 0);

-- GET /students/{studentId}/progress. Every enrollment, dropped ones included; also the projector's state.
CREATE TABLE {schema}.student_progress (
    student_id        text   NOT NULL,
    course_id         text   NOT NULL,
    student_name      text   NOT NULL,
    status            text   NOT NULL CHECK (status IN ('enrolled', 'dropped')),
    lessons_completed int    NOT NULL CHECK (lessons_completed >= 0),
    quizzes_submitted int    NOT NULL CHECK (quizzes_submitted >= 0),
    points            int    NOT NULL CHECK (points >= 0),
    last_position     bigint NOT NULL,
    PRIMARY KEY (student_id, course_id)
);

-- GET /courses/{courseId}/roster. Enrolled students only.
CREATE TABLE {schema}.course_roster (
    course_id    text   NOT NULL,
    student_id   text   NOT NULL,
    student_name text   NOT NULL,
    enrolled_at_position bigint NOT NULL,
    PRIMARY KEY (course_id, student_id)
);

-- GET /courses/{courseId}/leaderboard. Enrolled students only, best first.
CREATE TABLE {schema}.leaderboard (
    course_id    text NOT NULL,
    student_id   text NOT NULL,
    student_name text NOT NULL,
    points       int  NOT NULL,
    PRIMARY KEY (course_id, student_id)
);
CREATE INDEX ON {schema}.leaderboard (course_id, points DESC, student_id);
