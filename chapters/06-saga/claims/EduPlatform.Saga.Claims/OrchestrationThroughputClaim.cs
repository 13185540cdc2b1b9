using EduPlatform.Load.Proving;
using EduPlatform.Saga.Running;

namespace EduPlatform.Saga.Claims;

/// <summary>The throughput claim for the Orchestration style (see <see cref="ThroughputRun"/>).</summary>
public sealed class OrchestrationThroughputClaim : IClaim
{
    public string Name => "06-throughput-orchestration";

    public string Chapter => "06";

    public string Statement => ThroughputRun.Statement(SagaStyle.Orchestration);

    public Task<ClaimResult> RunAsync(ClaimContext context) => ThroughputRun.RunAsync(context, SagaStyle.Orchestration);
}
