using EduPlatform.Load.Scheduling;
using EduPlatform.Load.Stats;

namespace EduPlatform.Load.Tests;

public sealed class RecorderTests
{
    [Fact]
    public void Ok_and_fail_are_recorded_apart_with_latency_service_time_bytes_and_status_codes()
    {
        var recorder = new StepRecorder("step");
        recorder.Record(ok: true, "200", 100, latencyMicros: 5_000, serviceMicros: 1_000);
        recorder.Record(ok: true, "200", 100, latencyMicros: 7_000, serviceMicros: 2_000);
        recorder.Record(ok: false, "503", 10, latencyMicros: 900_000, serviceMicros: 900_000);

        var stats = StepStats.From("step", recorder.TakeInterval(), durationSeconds: 1);

        stats.Ok.Count.Should().Be(2);
        stats.Fail.Count.Should().Be(1);
        stats.Ok.Bytes.Should().Be(200);
        stats.Fail.Bytes.Should().Be(10);
        stats.Ok.Latency.MaxMs.Should().BeApproximately(7, 0.01);
        stats.Ok.ServiceTime.MaxMs.Should().BeApproximately(2, 0.01);
        stats.Fail.Latency.MaxMs.Should().BeApproximately(900, 1, "a slow failure never pollutes the ok latencies");
        stats.StatusCodes.Should().BeEquivalentTo(new Dictionary<string, long> { ["200"] = 2, ["503"] = 1 });
    }

    [Fact]
    public void Intervals_drain_what_arrived_since_the_last_tick_and_add_up_to_the_total()
    {
        var recorder = new ScenarioRecorder("s");
        var total = new ScenarioSample();
        for (var second = 0; second < 3; second++)
        {
            for (var i = 0; i < 10 * (second + 1); i++)
            {
                recorder.CountIntended();
                recorder.CountStarted(lagMicros: 100, late: false);
                recorder.Iterations.Record(true, "200", 1, 1_000 * (second + 1), 500);
                recorder.CountCompleted();
            }

            var interval = recorder.TakeInterval();
            interval.Iterations.OkCount.Should().Be(10 * (second + 1));
            interval.Intended.Should().Be(10 * (second + 1));
            interval.Iterations.StatusCodes["200"].Should().Be(10 * (second + 1));
            total.Add(interval);
        }

        total.Iterations.OkCount.Should().Be(60);
        total.Completed.Should().Be(60);
        total.Iterations.StatusCodes["200"].Should().Be(60);
        LatencyStats.From(total.Iterations.OkLatency).MaxMs.Should().BeApproximately(3, 0.01);
    }

    [Fact]
    public async Task Concurrent_recording_from_many_threads_loses_nothing()
    {
        var recorder = new StepRecorder("step");
        const int threads = 8;
        const int perThread = 50_000;

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < perThread; i++)
            {
                recorder.Record(i % 10 != 0, i % 10 != 0 ? "200" : "500", 1, 100 + i, 50);
            }
        }, TestContext.Current.CancellationToken)));

        var sample = recorder.TakeInterval();
        (sample.OkCount + sample.FailCount).Should().Be(threads * perThread);
        sample.FailCount.Should().Be(threads * perThread / 10);
        sample.OkBytes.Should().Be(sample.OkCount);
        sample.StatusCodes["500"].Should().Be(sample.FailCount);
    }

    [Fact]
    public async Task Each_interval_attributes_latency_bytes_and_status_code_of_a_record_to_the_same_second()
    {
        var recorder = new StepRecorder("step");
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            long written = 0;
            while (!stop.IsCancellationRequested)
            {
                recorder.Record(true, "200", 1, 1_000, 500);
                written++;
            }

            return written;
        }, TestContext.Current.CancellationToken)).ToArray();

        var intervals = new List<StepSample>();
        for (var i = 0; i < 50; i++)
        {
            intervals.Add(recorder.TakeInterval());
            Thread.Sleep(1);
        }

        await stop.CancelAsync();
        var written = (await Task.WhenAll(writers)).Sum();
        intervals.Add(recorder.TakeInterval());

        foreach (var interval in intervals)
        {
            interval.StatusCodes.GetValueOrDefault("200").Should().Be(interval.OkCount, "a record's status code and latency share its interval");
            interval.OkBytes.Should().Be(interval.OkCount);
        }

        intervals.Sum(i => i.OkCount).Should().Be(written, "and nothing is lost between intervals");
    }

    [Fact]
    public void Memory_stays_flat_however_many_values_are_recorded()
    {
        var recorder = new StepRecorder("step");
        var before = recorder.TakeInterval().OkLatency.GetEstimatedFootprintInBytes();

        for (var i = 0; i < 2_000_000; i++)
        {
            recorder.Record(true, "200", 1, i % 5_000_000, i % 1_000);
        }

        var sample = recorder.TakeInterval();
        sample.OkCount.Should().Be(2_000_000);
        sample.OkLatency.GetEstimatedFootprintInBytes().Should().Be(before, "a histogram's size depends on its range, not on how many values it holds");
    }

    [Fact]
    public void Values_beyond_the_range_are_clamped_not_lost()
    {
        var recorder = new StepRecorder("step");
        recorder.Record(true, "200", 0, long.MaxValue, -5);

        var stats = StepStats.From("step", recorder.TakeInterval(), 1);

        stats.Ok.Count.Should().Be(1);
        stats.Ok.Latency.MaxMs.Should().BeGreaterThanOrEqualTo(LatencyRecorder.HighestMicros / 1000.0 * 0.99);
    }

    [Fact]
    public void Percentiles_from_the_histogram_match_the_exact_values_within_a_tenth_of_a_percent()
    {
        var recorder = new StepRecorder("step");
        for (var i = 1; i <= 10_000; i++)
        {
            recorder.Record(true, "200", 0, i * 100, i * 100);
        }

        var latency = StepStats.From("step", recorder.TakeInterval(), 1).Ok.Latency;

        latency.P50Ms.Should().BeApproximately(500, 0.5);
        latency.P99Ms.Should().BeApproximately(990, 1);
        latency.P999Ms.Should().BeApproximately(999, 1);
        latency.MeanMs.Should().BeApproximately(500.05, 0.5);
        latency.UnreliablePercentiles.Should().BeEmpty("10,000 samples are enough for p99.9");
    }

    [Fact]
    public void Percentiles_with_too_few_samples_are_flagged()
    {
        var recorder = new StepRecorder("step");
        for (var i = 0; i < 999; i++)
        {
            recorder.Record(true, "200", 0, 1_000, 1_000);
        }

        var latency = StepStats.From("step", recorder.TakeInterval(), 1).Ok.Latency;

        latency.UnreliablePercentiles.Should().BeEquivalentTo(["p99", "p99.9"]);
        latency.IsReliable("p95").Should().BeTrue();
    }
}
