using EduPlatform.Load.Proving;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Claims;

/// <summary>
/// The throughput claim's run, the same for each style: enrollments at 150/s for 30 s (the engine fails a run that
/// cannot keep the rate), then the completion time of every saga (its end minus its start, from its own rows), p99.
/// </summary>
internal static class ThroughputRun
{
    public const int Rate = 150;

    public static readonly TimeSpan P99Limit = TimeSpan.FromSeconds(1);

    public static string Statement(SagaStyle style) =>
        $"{style}: enrollments sent at {Rate}/s for 30 s on 2 cores are sustained (every one sent, every saga ended, ended sagas/s "
        + $">= {Rate}) with saga completion p99 <= 1 s.";

    public static async Task<ClaimResult> RunAsync(ClaimContext context, SagaStyle style)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = new SagaSettings { Style = style, Courses = EnrollmentWorkload.Courses(smallSeats: 100) };
        await using var system = await SagaSystem.StartAsync(SagaClaimRun.Infrastructure, settings, context.CancellationToken);
        var workload = new EnrollmentWorkload(system);
        var rate = context.Pick(Rate, 40);

        await context.RunAsync(SagaClaimRun.Enrollments(workload, rate, context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3))));
        var audit = await SagaClaimRun.SettleAndAuditAsync(system, workload, TimeSpan.FromSeconds(60), context.CancellationToken);

        SagaClaimRun.CheckInvariants(context, audit);
        var times = (await SagaVerification.CompletionTimesAsync(system.Database, style, workload.Ids, context.CancellationToken)).Order().ToArray();
        var p50 = Percentile(times, 0.50);
        var p99 = Percentile(times, 0.99);
        context.CheckTiming($"saga completion p99 <= {P99Limit.TotalSeconds:0} s", times.Length > 0 && p99 <= P99Limit,
            $"p50 {p50.TotalMilliseconds:0} ms, p99 {p99.TotalMilliseconds:0} ms, max {(times.Length > 0 ? times[^1].TotalMilliseconds : 0):0} ms over {times.Length} sagas");
        var window = await EndedWindowAsync(system, style, workload.Ids, context.CancellationToken);
        var endedPerSecond = window > TimeSpan.Zero ? times.Length / window.TotalSeconds : 0;
        context.CheckTiming($"sustained >= {Rate} sagas/s", endedPerSecond >= Rate * 0.99 && rate >= Rate,
            $"{endedPerSecond:0.0} sagas/s ended over {window.TotalSeconds:0.0} s (first start to last end), offered {rate}/s");
        return context.Complete();
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double quantile) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static async Task<TimeSpan> EndedWindowAsync(SagaSystem system, SagaStyle style, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var (table, start, key) = style switch
        {
            SagaStyle.Orchestration => ("orchestrator.sagas", "started_at", "saga_id"),
            SagaStyle.Choreography => ("enrollments.enrollments", "requested_at", "enrollment_id"),
            _ => ("masstransit.enrollment_sagas", "started_at", "correlation_id"),
        };
        await using var command = system.Database.CreateCommand($"SELECT coalesce(max(ended_at) - min({start}), interval '0') FROM {table} WHERE {key} = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (TimeSpan)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
