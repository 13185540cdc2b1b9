using Xunit;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// The xunit v3 assembly fixture that hands tests real infrastructure. Register it once per test
/// assembly and take it in a test class's constructor:
/// <code>
/// [assembly: AssemblyFixture(typeof(InfrastructureFixture))]
///
/// public sealed class EnrollmentTests(InfrastructureFixture infrastructure)
/// {
///     [Fact]
///     public async Task Enrolls()
///     {
///         await using var database = await infrastructure.Postgres.CreateDatabaseAsync();
///         // database.ConnectionString ...
///     }
/// }
/// </code>
/// Servers start on first use and are shared by the whole assembly; each test isolates itself with
/// its own database, logical Redis database or RabbitMQ virtual host. Which backend started a server,
/// its version and start time are written to the output of the test that caused the start.
/// </summary>
public sealed class InfrastructureFixture : IInfrastructure, IAsyncDisposable
{
    private readonly WorkbookInfrastructure _infrastructure = new(WriteToCurrentTest);

    public PostgresResource Postgres => _infrastructure.Postgres;

    public RedisResource Redis => _infrastructure.Redis;

    public RabbitMqResource RabbitMq => _infrastructure.RabbitMq;

    public ValueTask DisposeAsync() => _infrastructure.DisposeAsync();

    private static void WriteToCurrentTest(string line)
    {
        var context = TestContext.Current;
        context.TestOutputHelper?.WriteLine(line);
        context.SendDiagnosticMessage(line);
    }
}
