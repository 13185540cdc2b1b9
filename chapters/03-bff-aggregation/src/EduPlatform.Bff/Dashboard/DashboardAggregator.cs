using EduPlatform.Bff.Downstreams;

namespace EduPlatform.Bff.Dashboard;

/// <summary>
/// The pattern's first half (each section's cache and fallback are in <see cref="SectionSource{T}"/>): one dashboard
/// request fans out to its sections, all at once, under one deadline.
/// <list type="bullet">
/// <item>One deadline for the whole request (default 300 ms, counted from the request's arrival), minus a reserve for
///   writing the answer. Each leg gets what is left of it when the leg starts: in parallel that is the same for all, in
///   sequence each leg gets what the ones before it left over. A leg's budget is its cancellation: when it runs out, the
///   downstream call is aborted, not abandoned.</item>
/// <item>A client that disconnects cancels every leg it started, so no downstream keeps working for an answer nobody reads.</item>
/// <item>A leg never throws into the page: whatever happens becomes that section's fate (<see cref="SectionStatus"/>).</item>
/// </list>
/// What the fates make of the whole answer (200 with a <c>Degraded</c> header, or 503) is <see cref="DashboardAnswer"/>'s.
/// </summary>
public sealed class DashboardAggregator(IReadOnlyList<ISectionSource> sections, DashboardOptions options, TimeProvider clock)
{
    /// <param name="wanted">The sections the client asked for (all four unless it named some).</param>
    /// <param name="arrivedAt">When the request arrived (<see cref="TimeProvider.GetTimestamp"/>): the deadline counts from there.</param>
    /// <param name="clientGone">The request's abort token.</param>
    public async Task<DashboardAnswer> AggregateAsync(Student student, IReadOnlyCollection<string> wanted, long arrivedAt, CancellationToken clientGone)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(wanted);
        var legs = sections.Where(section => wanted.Contains(section.Name)).ToArray();
        // The contrast run switches this off to show what uncancelled legs cost; normally the two are the same token.
        var legsCancelled = options.CancelLegsWhenClientLeaves ? clientGone : CancellationToken.None;

        var results = new SectionResult[legs.Length];
        if (options.FanOut == FanOut.Parallel)
        {
            results = await Task.WhenAll(legs.Select(leg => FetchWithinDeadlineAsync(leg, student, arrivedAt, legsCancelled, clientGone)));
        }
        else
        {
            for (var i = 0; i < legs.Length; i++)
            {
                results[i] = await FetchWithinDeadlineAsync(legs[i], student, arrivedAt, legsCancelled, clientGone);
            }
        }

        return new DashboardAnswer(student.Subject, legs.Select((leg, i) => (leg.Name, results[i])).ToDictionary(x => x.Name, x => x.Item2));
    }

    private async Task<SectionResult> FetchWithinDeadlineAsync(
        ISectionSource section, Student student, long arrivedAt, CancellationToken legsCancelled, CancellationToken clientGone)
    {
        if (!options.Deadline.Enabled)
        {
            return await section.FetchAsync(student, new Leg(Budget: null, legsCancelled, clientGone));
        }

        // What is left of the deadline; a leg whose share was used up by the legs before it can still serve a cached copy.
        var left = options.Deadline.ForLegs - clock.GetElapsedTime(arrivedAt);
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }

        // The deadline's timer runs on the injected clock, so a test can move time instead of waiting for it.
        using var deadline = new CancellationTokenSource(left, clock);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, legsCancelled);
        return await section.FetchAsync(student, new Leg(left, cancellation.Token, clientGone));
    }
}
