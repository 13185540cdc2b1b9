using EduPlatform.Platform.Hosting;
using Npgsql;

namespace EduPlatform.Platform.Modules.Videos;

/// <summary>The Videos module's database: one video per lesson, and how many chunks each streams in.</summary>
public sealed class VideosDatabase(IConfiguration configuration) : ModuleDatabase(VideosModule.ModuleName, configuration)
{
    protected override Task CreateSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS videos (
                id               integer PRIMARY KEY,
                course_id        integer NOT NULL,  -- a Courses id, by value: no foreign key crosses databases
                lesson_number    integer NOT NULL,
                title            text    NOT NULL,
                duration_seconds integer NOT NULL CHECK (duration_seconds > 0),
                chunk_count      integer NOT NULL CHECK (chunk_count > 0)
            );
            INSERT INTO videos (id, course_id, lesson_number, title, duration_seconds, chunk_count) VALUES
                (1, 1, 1, 'The first Monday of remote school', 720, 72),
                (2, 1, 2, 'Decomposing by business capability', 1080, 108),
                (3, 1, 3, 'A database per service', 900, 90),
                (4, 1, 4, 'When a monolith is the right choice', 600, 60),
                (5, 2, 1, 'Event sourcing', 1200, 120),
                (6, 2, 2, 'CQRS and read models', 1320, 132),
                (7, 2, 3, 'Sagas and compensation', 1500, 150),
                (8, 3, 1, 'Timeouts and retries', 840, 84),
                (9, 3, 2, 'Circuit breakers', 960, 96),
                (10, 3, 3, 'Bulkheads', 720, 72)
            ON CONFLICT (id) DO NOTHING;
            """, cancellationToken);
}
