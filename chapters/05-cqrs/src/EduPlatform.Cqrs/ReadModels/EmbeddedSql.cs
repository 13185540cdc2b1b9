namespace EduPlatform.Cqrs.ReadModels;

/// <summary>The read side's SQL and Lua, embedded in the assembly (ReadModelSchema.sql, GenerationSchema.sql, RedisLeaderboardApply.lua).</summary>
public static class EmbeddedSql
{
    public static string ReadModelSchema { get; } = Read("EduPlatform.Cqrs.ReadModelSchema.sql");

    /// <summary>One generation's tables; <c>{schema}</c> stands for its schema name.</summary>
    public static string GenerationSchema { get; } = Read("EduPlatform.Cqrs.GenerationSchema.sql");

    public static string RedisLeaderboardApply { get; } = Read("EduPlatform.Cqrs.RedisLeaderboardApply.lua");

    private static string Read(string name)
    {
        using var stream = typeof(EmbeddedSql).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in EduPlatform.Cqrs.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
