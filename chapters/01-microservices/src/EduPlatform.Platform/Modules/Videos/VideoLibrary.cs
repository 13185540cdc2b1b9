using Npgsql;

namespace EduPlatform.Platform.Modules.Videos;

/// <summary>Reads video metadata from the Videos database.</summary>
public sealed class VideoLibrary(VideosDatabase database)
{
    private const string Columns = "id, course_id, lesson_number, title, duration_seconds, chunk_count";

    public async Task<IReadOnlyList<Video>> ListAsync(int? courseId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM videos WHERE $1::integer IS NULL OR course_id = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)courseId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var videos = new List<Video>();
        while (await reader.ReadAsync(cancellationToken))
        {
            videos.Add(Read(reader));
        }

        return videos;
    }

    public async Task<Video?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM videos WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Video Read(NpgsqlDataReader reader) =>
        new(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5));
}

public sealed record Video(int Id, int CourseId, int LessonNumber, string Title, int DurationSeconds, int ChunkCount);
