using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Modules.Courses;
using EduPlatform.Platform.Modules.Payments;
using EduPlatform.Platform.Modules.Users;
using EduPlatform.Platform.Modules.Videos;
using EduPlatform.Platform.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EduPlatform.Platform.Tests.Data;

/// <summary>
/// Each module creates its own schema at startup: idempotent, and safe when several instances of a
/// service start at the same moment on a fresh database (concurrent <c>CREATE TABLE IF NOT EXISTS</c>
/// alone can fail in PostgreSQL's catalog; the advisory lock is what makes it safe).
/// </summary>
public sealed class SchemaCreationTests(InfrastructureFixture infrastructure)
{
    private const int ConcurrentStarts = 8;

    public static TheoryData<string> Modules => [.. PlatformModules.All];

    [Theory, MemberData(nameof(Modules))]
    public async Task Many_instances_creating_the_schema_at_once_all_succeed_and_seed_once(string module)
    {
        await using var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ModuleDatabase.ConnectionStringKey(module)] = database.ConnectionString })
            .Build();
        var instances = Enumerable.Range(0, ConcurrentStarts).Select(_ => Create(module, configuration)).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var creations = instances.Select(async instance =>
            {
                await start.Task;
                await instance.EnsureSchemaAsync(TestContext.Current.CancellationToken);
            }).ToList();
            start.SetResult();
            await Task.WhenAll(creations);

            await instances[0].EnsureSchemaAsync(TestContext.Current.CancellationToken); // and once more, later: still fine
            (await SeedRowsAsync(database.ConnectionString, module)).Should().Be(ExpectedSeedRows(module), "the demo data is seeded exactly once");
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private static ModuleDatabase Create(string module, IConfiguration configuration) => module switch
    {
        PlatformModules.Users => new UsersDatabase(configuration),
        PlatformModules.Courses => new CoursesDatabase(configuration),
        PlatformModules.Videos => new VideosDatabase(configuration),
        _ => new PaymentsDatabase(configuration),
    };

    private static long ExpectedSeedRows(string module) => module switch
    {
        PlatformModules.Users => 3 + 1, // three demo users and one signing key
        PlatformModules.Courses => 3 + 10 + 1, // courses, lessons, Alice's enrollment
        PlatformModules.Videos => 10,
        _ => 2, // the two demo cards
    };

    private static async Task<long> SeedRowsAsync(string connectionString, string module)
    {
        var sql = module switch
        {
            PlatformModules.Users => "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM signing_keys)",
            PlatformModules.Courses => "SELECT (SELECT count(*) FROM courses) + (SELECT count(*) FROM lessons) + (SELECT count(*) FROM enrollments)",
            PlatformModules.Videos => "SELECT count(*) FROM videos",
            _ => "SELECT count(*) FROM payment_methods",
        };
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
