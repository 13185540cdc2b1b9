using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// Listens to one app's <c>cqrs.projection.lag</c> histogram (the OpenTelemetry metric, as an exporter would) and
/// keeps every measurement per projection: the lag claim's data, and the metrics test's evidence.
/// </summary>
public sealed class ProjectionLagRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _lags = new();
    private readonly ConcurrentDictionary<string, double> _gauges = new();

    public ProjectionLagRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every lag measured for <paramref name="projection"/> so far (ms).</summary>
    public IReadOnlyCollection<double> LagsOf(string projection) => _lags.TryGetValue(projection, out var lags) ? lags : [];

    /// <summary>The last value of a gauge (<c>cqrs.projection.lag_events</c>, ...) for a projection, after <see cref="ObserveGauges"/>.</summary>
    public double? Gauge(string instrument, string projection) => _gauges.TryGetValue($"{instrument}/{projection}", out var value) ? value : null;

    /// <summary>Reads the observable gauges now (an exporter does this on its own schedule).</summary>
    public void ObserveGauges() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? projection = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "projection")
            {
                projection = tag.Value as string;
            }
        }

        if (projection is null)
        {
            return;
        }

        if (instrument.Name == "cqrs.projection.lag")
        {
            _lags.GetOrAdd(projection, _ => new ConcurrentQueue<double>()).Enqueue(value);
        }
        else
        {
            _gauges[$"{instrument.Name}/{projection}"] = value;
        }
    }

    /// <summary>The <paramref name="percentile"/>th percentile (0-100) of <paramref name="values"/>, nearest rank.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

}
