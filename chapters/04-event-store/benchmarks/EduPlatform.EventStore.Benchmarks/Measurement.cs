using System.Diagnostics;

namespace EduPlatform.EventStore.Benchmarks;

/// <summary>Operations done in the measured part of a scenario, with the wall-clock and CPU time it took.</summary>
public sealed record Measurement(double Operations, TimeSpan Wall, TimeSpan Cpu)
{
    public double PerSecond => Operations / Wall.TotalSeconds;

    /// <summary>Client + PostgreSQL CPU microseconds per operation.</summary>
    public double CpuMicrosecondsEach => Cpu.TotalMicroseconds / Operations;

    /// <summary>Starts measuring; <see cref="Started.Stop"/> ends it.</summary>
    public static Started Start(CpuMeter cpu) => new(cpu, cpu.Read(), Stopwatch.StartNew());

    public sealed record Started(CpuMeter Meter, TimeSpan CpuAtStart, Stopwatch Clock)
    {
        public Measurement Stop(double operations)
        {
            var wall = Clock.Elapsed;
            return new Measurement(operations, wall, Meter.Read() - CpuAtStart);
        }
    }
}
