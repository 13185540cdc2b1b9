using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using EduPlatform.Platform.Testing;
using Spectre.Console;

namespace EduPlatform.Platform.Claims;

/// <summary>
/// Chapter 01's claim: splitting the platform into services isolates Courses from a hot Videos path.
///
/// Why this load shows it honestly on a 2-core machine (the chapter README says it at length): the
/// generator, every platform process and PostgreSQL share the same two cores in both shapes, so
/// the Videos cost is NOT CPU. It is a synchronous "legacy transcoder" that blocks a thread-pool
/// thread for <see cref="TranscoderBlockingMilliseconds"/> per chunk without computing. Blocked
/// threads are the resource the monolith shares between modules and separate processes do not:
/// .NET injects new pool threads slowly, so in one process every Courses request queues behind the
/// blocked chunk requests; in the services shape the Videos process starves alone. The Videos rate
/// is modest (<see cref="VideoChunksPerSecond"/> req/s), so its HTTP handling adds little CPU to the shared cores.
///
/// "With and without the pattern" is <see cref="ClaimContext.RunPairAsync{TSystem}"/>: the services shape is the
/// main run (judged), the monolith the contrast (shown beside it, and checked to degrade), each on a freshly started
/// <see cref="BracketedPlatform"/> (chapter 01's <see cref="PlatformSystem"/>, every host its own <c>dotnet</c>
/// process) whose Courses baseline is measured just before and just after its loaded run.
/// </summary>
public sealed class ServicesIsolateCoursesFromVideoLoadClaim : IClaim
{
    internal const int CoursesPerSecond = 50;
    internal const int VideoChunksPerSecond = 10;
    internal const int TranscoderBlockingMilliseconds = 2000;
    internal const double AllowedErrorRate = 0.001;
    private const double AllowedP99Ratio = 1.5;

    public string Name => "01-services-isolate-courses-from-video-load";

    public string Chapter => "01";

    public string Statement =>
        $"Under heavy load on Videos ({VideoChunksPerSecond} chunk/s, each blocking a thread {TranscoderBlockingMilliseconds} ms), "
        + $"Courses run as its own service keeps p99 <= {AllowedP99Ratio}x its unloaded baseline with < {AllowedErrorRate:P1} errors; "
        + "in the monolith the same load degrades Courses.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var infrastructure = new WorkbookInfrastructure(line => context.Console?.WriteLine(line));

        var shapes = new Dictionary<PlatformShape, BracketedPlatform>();
        var pair = await context.RunPairAsync(
            start: async (separateServices, cancellationToken) =>
                shapes[separateServices ? PlatformShape.Services : PlatformShape.Monolith] =
                    await BracketedPlatform.StartAsync(infrastructure, separateServices ? PlatformShape.Services : PlatformShape.Monolith, context, cancellationToken),
            plan: platform => platform.LoadedRun());
        var services = shapes[PlatformShape.Services].Figures(pair.WithPattern);
        var monolith = shapes[PlatformShape.Monolith].Figures(pair.WithoutPattern);

        context.Console?.WriteLine(services.ToString());
        context.Console?.WriteLine(monolith.ToString());
        // Both comparisons are timing claims: judged on full runs only (a quick run's few samples cannot carry a p99),
        // and reported either way.
        context.CheckTiming($"services: Courses p99 with the Videos load <= {AllowedP99Ratio}x its unloaded baseline (mean of the p99s before and after)",
            services.Reliable && services.P99Ratio <= AllowedP99Ratio, services.ToString());
        // The claim is "with vs without": if the monolith did not degrade either, this load proves nothing about the
        // decomposition, whatever the services run measured.
        context.CheckTiming("monolith: the same Videos load degrades Courses (the contrast)",
            monolith.P99Ratio > AllowedP99Ratio || monolith.LoadedErrorRate >= AllowedErrorRate, monolith.ToString());

        return context.Complete();
    }
}
