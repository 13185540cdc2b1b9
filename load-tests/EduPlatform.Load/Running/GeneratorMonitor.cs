using System.Diagnostics;
using System.Globalization;

namespace EduPlatform.Load.Running;

/// <summary>
/// Samples this process's CPU (and the machine's, from /proc/stat on Linux) once a second, so a
/// report can say whether the generator had room to breathe. Ticker thread only.
/// </summary>
internal sealed class GeneratorMonitor
{
    private const int MinimumLateStarts = 5;

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly List<double> _processCpu = [];
    private readonly List<double> _machineCpu = [];
    private readonly int _gcAtStart = GC.CollectionCount(0);
    private TimeSpan _lastCpu;
    private long _lastWallTicks;
    private (long Busy, long Total)? _lastMachine;

    public GeneratorMonitor()
    {
        _process.Refresh();
        _lastCpu = _process.TotalProcessorTime;
        _lastWallTicks = Stopwatch.GetTimestamp();
        _lastMachine = ReadMachineCpu();
    }

    public double LastProcessCpuPercent { get; private set; }

    public double LastMachineCpuPercent { get; private set; } = -1;

    public void Sample()
    {
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        var wall = Stopwatch.GetTimestamp();
        var wallSeconds = (double)(wall - _lastWallTicks) / Stopwatch.Frequency;
        if (wallSeconds > 0)
        {
            LastProcessCpuPercent = (cpu - _lastCpu).TotalSeconds / (wallSeconds * Environment.ProcessorCount) * 100;
            _processCpu.Add(LastProcessCpuPercent);
        }

        _lastCpu = cpu;
        _lastWallTicks = wall;

        var machine = ReadMachineCpu();
        if (machine is { } now && _lastMachine is { } before && now.Total > before.Total)
        {
            LastMachineCpuPercent = (double)(now.Busy - before.Busy) / (now.Total - before.Total) * 100;
            _machineCpu.Add(LastMachineCpuPercent);
        }

        _lastMachine = machine;
    }

    public GeneratorHealth Judge(IReadOnlyList<ScenarioResult> scenarios, double lateToleranceMs)
    {
        var open = scenarios.Where(s => s.Stats.Schedule.Started > 0 && s.Stats.Schedule.Model != "closed").ToArray();
        var lagP99 = open.Length == 0 ? 0 : open.Max(s => s.Stats.Schedule.SchedulingLag.P99Ms);
        var lagMax = open.Length == 0 ? 0 : open.Max(s => s.Stats.Schedule.SchedulingLag.MaxMs);
        var started = open.Sum(s => s.Stats.Schedule.Started);
        var late = open.Sum(s => s.Stats.Schedule.Late);
        var lateRate = started == 0 ? 0 : (double)late / started;

        var reasons = new List<string>();
        // One late start (a JIT pause on the first iteration) is not a bottleneck: ask for both
        // a rate over 1% and a handful of late starts, and a p99 lag only where p99 is reliable.
        if (lateRate > 0.01 && late >= MinimumLateStarts)
        {
            reasons.Add($"{lateRate:P1} of iterations started more than {lateToleranceMs:0.#} ms after their intended time");
        }

        if (started >= Stats.PercentileSampleRule.RequiredSamples(99) && lagP99 > lateToleranceMs)
        {
            reasons.Add($"scheduling lag p99 {lagP99:0.##} ms exceeds the {lateToleranceMs:0.#} ms tolerance");
        }

        var cpuMax = _processCpu.Count == 0 ? 0 : _processCpu.Max();
        var saturatedSeconds = _processCpu.Count(c => c >= 90);
        if (reasons.Count > 0 && saturatedSeconds > 0)
        {
            reasons.Add($"this process used >= 90% of all {Environment.ProcessorCount} cores in {saturatedSeconds} s");
        }

        return new GeneratorHealth
        {
            GeneratorBound = reasons.Count > 0,
            Reasons = reasons,
            Cores = Environment.ProcessorCount,
            ProcessCpuAvgPercent = _processCpu.Count == 0 ? 0 : Math.Round(_processCpu.Average(), 1),
            ProcessCpuMaxPercent = Math.Round(cpuMax, 1),
            MachineCpuAvgPercent = _machineCpu.Count == 0 ? -1 : Math.Round(_machineCpu.Average(), 1),
            SchedulingLagP99Ms = lagP99,
            SchedulingLagMaxMs = lagMax,
            LateToleranceMs = lateToleranceMs,
            GcCount = GC.CollectionCount(0) - _gcAtStart,
        };
    }

    private static (long Busy, long Total)? ReadMachineCpu()
    {
        try
        {
            if (!File.Exists("/proc/stat"))
            {
                return null;
            }

            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is null || fields.Length < 5 || fields[0] != "cpu")
            {
                return null;
            }

            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Sum();
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            return (total - idle, total);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
