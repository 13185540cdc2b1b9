using EduPlatform.Load.Proving;
using EduPlatform.Saga.Running;

namespace EduPlatform.Saga.Claims;

/// <summary>The throughput claim for the MassTransit style (see <see cref="ThroughputRun"/>).</summary>
public sealed class MassTransitThroughputClaim : IClaim
{
    public string Name => "06-throughput-masstransit";

    public string Chapter => "06";

    public string Statement => ThroughputRun.Statement(SagaStyle.MassTransit);

    public Task<ClaimResult> RunAsync(ClaimContext context) => ThroughputRun.RunAsync(context, SagaStyle.MassTransit);
}
