using Microsoft.Extensions.Options;
using Npgsql;

namespace EduPlatform.Platform.Hosting;

/// <summary>
/// Creates every hosted module's schema before the server starts listening (hosted services start
/// before Kestrel). A database that is still starting is waited for, up to
/// <see cref="PlatformOptions.DatabaseWaitSeconds"/>; after that startup fails with the database's error
/// rather than serving requests that cannot succeed.
/// </summary>
public sealed partial class ModuleSchemaInitializer(
    IEnumerable<ModuleDatabase> databases,
    IOptions<PlatformOptions> options,
    ILogger<ModuleSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(options.Value.DatabaseWaitSeconds);
        foreach (var database in databases)
        {
            while (true)
            {
                try
                {
                    await database.EnsureSchemaAsync(cancellationToken);
                    LogSchemaReady(logger, database.ModuleName);
                    break;
                }
                catch (NpgsqlException exception) when (exception.IsTransient && DateTimeOffset.UtcNow < deadline)
                {
                    LogWaiting(logger, database.ModuleName, exception.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Module} schema ready")]
    private static partial void LogSchemaReady(ILogger logger, string module);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Module} database not reachable yet ({Reason}); retrying")]
    private static partial void LogWaiting(ILogger logger, string module, string reason);
}
