namespace EduPlatform.Harness.Infrastructure;

/// <summary>Where the native PostgreSQL binaries are.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string Postgres => Path.Combine(BinDirectory, "postgres");

    public string PgIsReady => Path.Combine(BinDirectory, "pg_isready");
}

/// <summary>Where the native Redis server binary is.</summary>
public sealed record RedisBinaries(string RedisServer);

/// <summary>Where RabbitMQ's own start script (not the distribution's service wrapper) and Erlang's epmd are.</summary>
public sealed record RabbitMqBinaries(string ServerScript, string Epmd);

/// <summary>
/// Finds the operating system's server binaries: Debian/Ubuntu package locations first, then
/// Homebrew's, then PATH. Nothing is started here.
/// </summary>
public static class NativeBinaries
{
    public static PostgresBinaries? FindPostgres()
    {
        var candidates = new List<string>();
        // Debian/Ubuntu install each major version side by side; prefer 15 (the pinned container
        // image's version), then the newest.
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(dir => Path.GetFileName(dir) == "15")
                .ThenByDescending(dir => int.TryParse(Path.GetFileName(dir), out var major) ? major : 0)
                .Select(dir => Path.Combine(dir, "bin")));
        }

        candidates.AddRange([
            "/opt/homebrew/opt/postgresql@15/bin",
            "/usr/local/opt/postgresql@15/bin",
            "/usr/pgsql-15/bin",
        ]);
        candidates.AddRange(PathDirectories());

        var found = candidates.FirstOrDefault(dir =>
            IsExecutable(Path.Combine(dir, "initdb"))
            && IsExecutable(Path.Combine(dir, "postgres"))
            && IsExecutable(Path.Combine(dir, "pg_isready")));
        return found is null ? null : new PostgresBinaries(found);
    }

    public static RedisBinaries? FindRedis()
    {
        var found = FindExecutable("redis-server", ["/usr/bin", "/opt/homebrew/bin", "/usr/local/bin"]);
        return found is null ? null : new RedisBinaries(found);
    }

    public static RabbitMqBinaries? FindRabbitMq()
    {
        var scripts = new List<string>();
        // The Debian package's /usr/sbin/rabbitmq-server is a wrapper that switches to the rabbitmq
        // user and the system node; the script inside the release folder starts a node as we say.
        if (Directory.Exists("/usr/lib/rabbitmq/lib"))
        {
            scripts.AddRange(Directory.GetDirectories("/usr/lib/rabbitmq/lib", "rabbitmq_server-*")
                .OrderByDescending(dir => dir, StringComparer.Ordinal)
                .Select(dir => Path.Combine(dir, "sbin", "rabbitmq-server")));
        }

        scripts.AddRange([
            "/opt/homebrew/opt/rabbitmq/sbin/rabbitmq-server",
            "/usr/local/opt/rabbitmq/sbin/rabbitmq-server",
        ]);
        var script = scripts.FirstOrDefault(IsExecutable);
        var epmd = FindExecutable("epmd", ["/usr/bin", "/usr/lib/erlang/bin", "/opt/homebrew/bin", "/usr/local/bin"]);
        return script is null || epmd is null ? null : new RabbitMqBinaries(script, epmd);
    }

    /// <summary>What the native backend needs for <paramref name="kind"/>, for error messages.</summary>
    public static string Describe(ResourceKind kind) => kind switch
    {
        ResourceKind.PostgreSql => "PostgreSQL server binaries (initdb, postgres, pg_isready)",
        ResourceKind.Redis => "redis-server",
        ResourceKind.RabbitMq => "RabbitMQ (rabbitmq-server release script) and Erlang's epmd",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string? FindExecutable(string name, IEnumerable<string> preferred) =>
        preferred.Concat(PathDirectories())
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(IsExecutable);

    private static string[] PathDirectories() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
