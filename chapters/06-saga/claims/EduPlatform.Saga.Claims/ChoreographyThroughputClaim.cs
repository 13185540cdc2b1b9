using EduPlatform.Load.Proving;
using EduPlatform.Saga.Running;

namespace EduPlatform.Saga.Claims;

/// <summary>The throughput claim for the Choreography style (see <see cref="ThroughputRun"/>).</summary>
public sealed class ChoreographyThroughputClaim : IClaim
{
    public string Name => "06-throughput-choreography";

    public string Chapter => "06";

    public string Statement => ThroughputRun.Statement(SagaStyle.Choreography);

    public Task<ClaimResult> RunAsync(ClaimContext context) => ThroughputRun.RunAsync(context, SagaStyle.Choreography);
}
