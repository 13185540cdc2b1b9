using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;
using Npgsql;

namespace EduPlatform.Platform.Tests.Data;

/// <summary>
/// Data ownership, checked in the running monolith (the shape where all four databases are one
/// process away from every module): each module's connection sees only its own tables, and after
/// every module has served requests, each database has been connected to by its own module only.
/// </summary>
public sealed class DatabasePerModuleTests(InfrastructureFixture infrastructure, SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    private static readonly Dictionary<string, string[]> TablesOf = new()
    {
        [PlatformModules.Users] = ["signing_keys", "users"],
        [PlatformModules.Courses] = ["courses", "enrollments", "lessons"],
        [PlatformModules.Videos] = ["videos"],
        [PlatformModules.Payments] = ["charges", "payment_methods"],
    };

    [Fact]
    public async Task Each_module_connection_sees_its_own_tables_and_no_other_module_s()
    {
        var monolith = await platforms.GetAsync(PlatformShape.Monolith);
        foreach (var module in PlatformModules.All)
        {
            // Unpooled, so no idle connection of the test's own lingers to confuse the other test.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(monolith.ConnectionStrings[module]) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);

            (await PublicTablesAsync(connection)).Should().Equal(TablesOf[module], $"the {module} database holds the {module} module's tables and nothing else");
            foreach (var foreignTable in TablesOf.Where(pair => pair.Key != module).SelectMany(pair => pair.Value))
            {
                await using var query = new NpgsqlCommand($"SELECT count(*) FROM {foreignTable}", connection);
                var attempt = () => query.ExecuteScalarAsync(TestContext.Current.CancellationToken);
                (await attempt.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UndefinedTable,
                    $"{module}'s connection must not be able to read {foreignTable}");
            }
        }
    }

    [Fact]
    public async Task After_every_module_served_requests_each_database_was_used_by_its_own_module_only()
    {
        var monolith = await platforms.GetAsync(PlatformShape.Monolith);
        var alice = await monolith.LoginAsync(DemoAccounts.Alice);
        foreach (var (module, path) in new[]
                 {
                     (PlatformModules.Users, "/api/users/me"), (PlatformModules.Courses, "/api/courses/1"),
                     (PlatformModules.Courses, "/api/courses/enrollments"), (PlatformModules.Videos, "/api/videos/1/chunks/0"),
                     (PlatformModules.Payments, "/api/payments/methods"),
                 })
        {
            using var response = await monolith.Client(module).SendAsync(HttpMethod.Get, path, alice);
            response.IsSuccessStatusCode.Should().BeTrue(path);
        }

        // Every pool names itself (Application Name = eduplatform-<module>), so the server can tell
        // which module holds each connection. In one process, four pools: each on its own database.
        await using var admin = new NpgsqlConnection(await infrastructure.Postgres.AdminConnectionStringAsync(TestContext.Current.CancellationToken));
        await admin.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var module in PlatformModules.All)
        {
            var database = new NpgsqlConnectionStringBuilder(monolith.ConnectionStrings[module]).Database;
            await using var sessions = new NpgsqlCommand("SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = $1", admin);
            sessions.Parameters.Add(new NpgsqlParameter { Value = database! });
            var applications = new List<string>();
            await using var reader = await sessions.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                applications.Add(reader.GetString(0));
            }

            applications.Should().Equal([$"eduplatform-{module}"], $"only the {module} module may connect to the {module} database");
        }
    }

    private static async Task<List<string>> PublicTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var tables = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
