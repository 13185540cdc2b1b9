using System.Globalization;
using EduPlatform.Load;
using EduPlatform.Load.Baselines;
using Spectre.Console;

namespace EduPlatform.Prove.Bench;

/// <summary>
/// The engine against wrk, the reference load generator, on the same out-of-process loopback
/// endpoint in one run. Two questions, asked honestly:
/// 1. Max throughput: both closed-model with the same number of connections, interleaved twice
///    (wrk, engine, wrk, engine) so drift on a shared box hits both; ratio engine/wrk, goal >= 0.5.
/// 2. Latency at one fixed rate, well below both maxima: wrk has no fixed-rate mode (wrk2 has),
///    so wrk is paced with a Lua delay() and stays closed-model, measuring from the actual send;
///    the engine runs open-model and reports both latency from the intended start and service
///    time from the actual start. Service time is the like-for-like figure against wrk's.
/// </summary>
public static class EngineVsWrkBenchmark
{
    private const int Connections = 32;
    private const int PacedConnections = 8;

    public static async Task<int> RunAsync(IAnsiConsole console, int seconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (!File.Exists(WrkRun.Path))
        {
            console.MarkupLine($"[red]wrk is missing at {WrkRun.Path}: install the Debian package 'wrk' (apt-get install wrk)[/]");
            return ExitCodes.EngineError;
        }

        await using var server = await LoopbackServerProcess.StartAsync(cancellationToken);
        var url = new Uri(server.BaseAddress, "/ping");
        console.MarkupLine($"[grey]server: separate process at {url}; {Environment.ProcessorCount} cores; {seconds}s per run[/]");

        await WrkRun.RunAsync(url, Connections, 2, null, cancellationToken);
        await EngineClosedAsync(url, 2, cancellationToken);

        var wrkMax = new List<double>();
        var engineMax = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            wrkMax.Add((await WrkRun.RunAsync(url, Connections, seconds, null, cancellationToken)).RequestsPerSecond);
            engineMax.Add((await EngineClosedAsync(url, seconds, cancellationToken)).Scenario("max").Stats.Schedule.AchievedRps);
        }

        var ratio = engineMax.Average() / wrkMax.Average();
        var rate = (int)Math.Max(100, Math.Floor(Math.Min(wrkMax.Min(), engineMax.Min()) * 0.25 / 100) * 100);

        var open = (await EngineOpenAsync(url, rate, seconds, cancellationToken)).Scenario("fixed-rate").Stats;
        var script = Path.Combine(Path.GetTempPath(), $"wrk-paced-{Environment.ProcessId}.lua");
        var delayMs = PacedConnections * 1000.0 / rate;
        await File.WriteAllTextAsync(script,
            string.Create(CultureInfo.InvariantCulture, $"-- pace each connection to about {rate}/{PacedConnections} req/s\nfunction delay()\n  return {delayMs:0.###}\nend\n"),
            cancellationToken);
        WrkRun paced;
        try
        {
            paced = await WrkRun.RunAsync(url, PacedConnections, seconds, script, cancellationToken);
        }
        finally
        {
            File.Delete(script);
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]engine vs wrk[/]").AddColumns("measure", "wrk", "engine", "note");
        table.AddRow("max throughput (req/s), run 1", F(wrkMax[0]), F(engineMax[0]), $"closed model, {Connections} connections each");
        table.AddRow("max throughput (req/s), run 2", F(wrkMax[1]), F(engineMax[1]), "interleaved: wrk, engine, wrk, engine");
        table.AddRow("[bold]throughput ratio engine/wrk[/]", "", $"[bold]{ratio:0.00}[/]", "goal >= 0.5");
        table.AddRow($"fixed rate {rate} req/s: achieved", F(paced.RequestsPerSecond), F(open.Schedule.AchievedRps), "wrk paced by Lua delay(); engine open model");
        table.AddRow("  p50 (ms)", F(paced.P50Ms), $"{F(open.Ok.Latency.P50Ms)} (service {F(open.Ok.ServiceTime.P50Ms)})", "wrk: from actual send; engine: from intended start (service: from actual start)");
        table.AddRow("  p99 (ms)", F(paced.P99Ms), $"{F(open.Ok.Latency.P99Ms)} (service {F(open.Ok.ServiceTime.P99Ms)})", open.Ok.Latency.IsReliable("p99") ? "" : "engine p99 has < 1,000 samples");
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT throughput_ratio={ratio:0.00} wrk_max={wrkMax.Average():0} engine_max={engineMax.Average():0} rate={rate} "
            + $"wrk_p50={paced.P50Ms:0.###} wrk_p99={paced.P99Ms:0.###} engine_p50={open.Ok.Latency.P50Ms:0.###} engine_p99={open.Ok.Latency.P99Ms:0.###} "
            + $"engine_service_p50={open.Ok.ServiceTime.P50Ms:0.###} engine_service_p99={open.Ok.ServiceTime.P99Ms:0.###}"));
        return ExitCodes.Passed;
    }

    private static async Task<RunResult> EngineClosedAsync(Uri url, int seconds, CancellationToken cancellationToken)
    {
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = Connections });
        var scenario = Scenario.Create("max", async ctx => await Http.Send(http, Http.CreateRequest("GET", url.ToString()), ctx))
            .WithLoadSimulations(Simulation.KeepConstant(Connections, TimeSpan.FromSeconds(seconds)));
        return await LoadRunner.RegisterScenarios(scenario).WithConsole(null).RunAsync(cancellationToken);
    }

    private static async Task<RunResult> EngineOpenAsync(Uri url, int rate, int seconds, CancellationToken cancellationToken)
    {
        using var http = Http.CreateClient(new HttpClientLimits { MaxConnectionsPerServer = Connections });
        var scenario = Scenario.Create("fixed-rate", async ctx => await Http.Send(http, Http.CreateRequest("GET", url.ToString()), ctx))
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(seconds)));
        return await LoadRunner.RegisterScenarios(scenario).WithConsole(null).RunAsync(cancellationToken);
    }

    private static string F(double value) => value.ToString(value >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
