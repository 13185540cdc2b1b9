using System.Diagnostics.Metrics;
using EduPlatform.EventStore;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// The read side's metrics on the meter <c>EduPlatform.Cqrs</c> (System.Diagnostics.Metrics: what OpenTelemetry's
/// <c>AddMeter("EduPlatform.Cqrs")</c>, <c>dotnet-counters</c> and Prometheus exporters collect). Every instrument is
/// tagged with <c>projection</c>.
/// <list type="table">
/// <item><term>cqrs.projection.lag</term><description>histogram, ms: from an event's commit to its projection's commit</description></item>
/// <item><term>cqrs.projection.events_applied / events_parked / restarts</term><description>counters</description></item>
/// <item><term>cqrs.projection.position, .lag_events, .lag_age</term><description>gauges (from <see cref="ProjectionMonitor"/>):
/// checkpoint, events behind the store's head, age of the oldest unprojected event (ms)</description></item>
/// <item><term>cqrs.query.wait</term><description>histogram, ms: how long a read-your-own-writes query waited (tag <c>reached</c>)</description></item>
/// </list>
/// </summary>
public sealed class CqrsMetrics
{
    public const string MeterName = "EduPlatform.Cqrs";

    private readonly Histogram<double> _lag;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _parked;
    private readonly Counter<long> _restarts;
    private readonly Histogram<double> _queryWait;

    public CqrsMetrics(IMeterFactory meterFactory, ProjectionMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(monitor);
        Meter = meterFactory.Create(MeterName);
        _lag = Meter.CreateHistogram<double>("cqrs.projection.lag", "ms", "From an event's commit to its projection's commit.");
        _applied = Meter.CreateCounter<long>("cqrs.projection.events_applied", "{event}");
        _parked = Meter.CreateCounter<long>("cqrs.projection.events_parked", "{event}", "Poison events parked in the dead letters.");
        _restarts = Meter.CreateCounter<long>("cqrs.projection.restarts", "{restart}", "Restarts after a failure that was not an event's.");
        _queryWait = Meter.CreateHistogram<double>("cqrs.query.wait", "ms", "How long a query waited for its position.");
        Meter.CreateObservableGauge("cqrs.projection.position", () => monitor.Latest.Select(s => Measure(s.Position, s)), "{position}");
        Meter.CreateObservableGauge("cqrs.projection.lag_events", () => monitor.Latest.Select(s => Measure(s.LagEvents, s)), "{event}");
        Meter.CreateObservableGauge("cqrs.projection.lag_age", () => monitor.Latest.Select(s => Measure(s.LagMs, s)), "ms",
            "Age of the oldest event the projection has not applied yet (0 when caught up).");
    }

    /// <summary>This app's meter (one per DI container: two apps in one process do not mix their measurements).</summary>
    public Meter Meter { get; }

    public void RecordApplied(string projection, IReadOnlyList<RecordedEvent> events, DateTimeOffset projectedAt)
    {
        ArgumentNullException.ThrowIfNull(events);
        var tag = new KeyValuePair<string, object?>("projection", projection);
        _applied.Add(events.Count, tag);
        foreach (var recorded in events)
        {
            _lag.Record(Math.Max(0, (projectedAt - recorded.RecordedAt).TotalMilliseconds), tag);
        }
    }

    public void RecordParked(string projection) => _parked.Add(1, new KeyValuePair<string, object?>("projection", projection));

    public void RecordRestart(string projection) => _restarts.Add(1, new KeyValuePair<string, object?>("projection", projection));

    public void RecordQueryWait(string readModel, double milliseconds, bool reached) =>
        _queryWait.Record(milliseconds, new KeyValuePair<string, object?>("read_model", readModel), new KeyValuePair<string, object?>("reached", reached));

    private static Measurement<T> Measure<T>(T value, ProjectionStatus status)
        where T : struct => new(value, new KeyValuePair<string, object?>("projection", status.Projection));
}
