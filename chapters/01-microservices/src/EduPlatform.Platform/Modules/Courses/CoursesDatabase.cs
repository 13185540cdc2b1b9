using EduPlatform.Platform.Hosting;
using Npgsql;

namespace EduPlatform.Platform.Modules.Courses;

/// <summary>The Courses module's database: the catalogue, its lessons and who is enrolled where.</summary>
public sealed class CoursesDatabase(IConfiguration configuration) : ModuleDatabase(CoursesModule.ModuleName, configuration)
{
    protected override async Task CreateSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS courses (
                id            integer PRIMARY KEY,
                title         text    NOT NULL,
                summary       text    NOT NULL,
                instructor_id uuid    NOT NULL,  -- a Users id, by value: no foreign key crosses databases
                price_cents   bigint  NOT NULL CHECK (price_cents >= 0),
                currency      char(3) NOT NULL
            );
            CREATE TABLE IF NOT EXISTS lessons (
                course_id        integer NOT NULL REFERENCES courses (id),
                number           integer NOT NULL,
                title            text    NOT NULL,
                duration_minutes integer NOT NULL,
                PRIMARY KEY (course_id, number)
            );
            CREATE TABLE IF NOT EXISTS enrollments (
                user_id     uuid        NOT NULL,
                course_id   integer     NOT NULL REFERENCES courses (id),
                enrolled_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (user_id, course_id)
            );
            """, cancellationToken);

        await ExecuteAsync(connection, transaction, """
            INSERT INTO courses (id, title, summary, instructor_id, price_cents, currency) VALUES
                (1, 'System Design Fundamentals', 'Why the monolith fell over, and how to split it.', $1, 4900, 'USD'),
                (2, 'Distributed Data', 'Event sourcing, CQRS and sagas without losing a record.', $1, 5900, 'USD'),
                (3, 'Reliable Services', 'Timeouts, retries, breakers and bulkheads.', $1, 3900, 'USD')
            ON CONFLICT (id) DO NOTHING
            """, [DemoUserIds.Ivy], cancellationToken);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO lessons (course_id, number, title, duration_minutes) VALUES
                (1, 1, 'The first Monday of remote school', 12),
                (1, 2, 'Decomposing by business capability', 18),
                (1, 3, 'A database per service', 15),
                (1, 4, 'When a monolith is the right choice', 10),
                (2, 1, 'Event sourcing', 20),
                (2, 2, 'CQRS and read models', 22),
                (2, 3, 'Sagas and compensation', 25),
                (3, 1, 'Timeouts and retries', 14),
                (3, 2, 'Circuit breakers', 16),
                (3, 3, 'Bulkheads', 12)
            ON CONFLICT (course_id, number) DO NOTHING
            """, cancellationToken);
        await ExecuteAsync(connection, transaction, "INSERT INTO enrollments (user_id, course_id) VALUES ($1, 1) ON CONFLICT DO NOTHING", [DemoUserIds.Alice], cancellationToken);
    }
}
