using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace EduPlatform.Bff.Security;

/// <summary>
/// Fetches the Users service's signing keys at start-up, so the first student's request does not spend its 300 ms
/// deadline waiting for them. A failure is only logged: the bearer handler fetches them again on the first request.
/// </summary>
internal sealed class SigningKeysWarmUp(IOptionsMonitor<JwtBearerOptions> options, ILogger<SigningKeysWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var keys = options.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager;
            if (keys is not null)
            {
                await keys.GetConfigurationAsync(timeout.Token);
            }
        }
#pragma warning disable CA1031 // Start-up must not fail because the Users service is not up yet.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogWarning("Signing keys not fetched at start-up ({Reason}); the first authenticated request will fetch them", exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
