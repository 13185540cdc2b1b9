using System.Globalization;
using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Testing;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Baselines;
using Spectre.Console;

namespace EduPlatform.Gateway.Benchmarks;

/// <summary>
/// Chapter 02's gateway against nginx, the reference reverse proxy, and against no proxy at all,
/// measured by wrk in one run on one upstream (a stand-in that answers at once, in its own
/// process, so the proxies' own cost is what differs):
/// (a) bare routing: an anonymous route, no rate limiter;
/// (b) the full pipeline: a bearer token validated (RS256 against the JWKS), the per-client
///     limiter (a budget too large to refuse anything), routing. nginx cannot validate the token;
///     it forwards it, so (b) is the price of doing the gateway's job against nginx not doing it.
/// Access logs are off on both proxies. Targets are measured interleaved, twice, so the drift of a
/// shared machine hits all of them; the figures are the means.
/// </summary>
public static class GatewayVsNginxBenchmark
{
    private const int Connections = 32;
    private const int Rounds = 2;

    public static async Task<int> RunAsync(IAnsiConsole console, int seconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (var tool in new[] { WrkRun.Path, NginxProcess.Path })
        {
            if (!File.Exists(tool))
            {
                console.MarkupLine($"[red]{tool} is missing: install the Debian packages wrk and nginx-light (eng/install-prerequisites.sh)[/]");
                return ExitCodes.EngineError;
            }
        }

        await using var infrastructure = new WorkbookInfrastructure();
        await using var system = await GatewaySystem.StartAsync(infrastructure, new GatewaySettings
        {
            Hosting = HostingMode.OutOfProcess,
            AccessLog = false,
            // wrk is one client: a budget it cannot exhaust, so the limiter runs on every request and refuses none.
            Budgets = new Dictionary<string, Budget> { [RateLimitingOptions.PerClientPolicy] = new Budget(1_000_000_000) },
            RoutesWithoutRateLimit = [ReverseProxyKeys.RouteIds.CoursesCatalogue],
        }.Behind(ReverseProxyKeys.ClusterIds.Courses, Upstream.StandIns(1, bodyBytes: 512)), cancellationToken);
        var upstream = system.Instances(ReverseProxyKeys.ClusterIds.Courses)[0];
        var gateway = system.Gateway;
        await using var nginx = await NginxProcess.StartAsync(upstream.BaseAddress, cancellationToken);
        var token = system.Issuer.CreateToken(new TestTokenRequest { Subject = Guid.NewGuid().ToString(), Lifetime = TimeSpan.FromHours(1) });
        var withToken = Path.Combine(Path.GetTempPath(), $"wrk-bearer-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(withToken, $"wrk.headers[\"Authorization\"] = \"Bearer {token}\"\n", cancellationToken);

        // (a) an anonymous catalogue route with the limiter off; (b) a closed route: token + limiter.
        var targets = new (string Name, Uri Url, string? Script)[]
        {
            ("direct", new Uri(upstream.BaseAddress, "/api/courses/1"), null),
            ("nginx, bare routing", new Uri(nginx.BaseAddress, "/api/courses/1"), null),
            ("gateway, bare routing", new Uri(gateway.BaseAddress, "/api/courses/1"), null),
            ("nginx, with token (forwarded, not checked)", new Uri(nginx.BaseAddress, "/api/courses/enrollments"), withToken),
            ("gateway, full pipeline (JWT + limiter)", new Uri(gateway.BaseAddress, "/api/courses/enrollments"), withToken),
        };
        console.MarkupLine($"[grey]{Environment.ProcessorCount} cores; wrk -t1 -c{Connections}, {seconds}s per measurement, {Rounds} interleaved rounds; upstream, gateway and nginx each in its own process[/]");

        var results = targets.ToDictionary(target => target.Name, _ => new List<WrkRun>());
        try
        {
            foreach (var (_, url, script) in targets)
            {
                await WrkRun.RunAsync(url, Connections, 2, script, cancellationToken); // warm-up: JIT, connection pools, JWKS
            }

            for (var round = 0; round < Rounds; round++)
            {
                foreach (var (name, url, script) in targets)
                {
                    results[name].Add(await WrkRun.RunAsync(url, Connections, seconds, script, cancellationToken));
                }
            }
        }
        finally
        {
            File.Delete(withToken);
        }

        var rps = results.ToDictionary(pair => pair.Key, pair => pair.Value.Average(run => run.RequestsPerSecond));
        var p99 = results.ToDictionary(pair => pair.Key, pair => pair.Value.Average(run => run.P99Ms));
        var bare = rps[targets[2].Name] / rps[targets[1].Name];
        var full = rps[targets[4].Name] / rps[targets[3].Name];

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]gateway vs nginx vs direct[/]").AddColumns("target", "requests/s (mean)", "p99 ms (mean)", "runs (req/s)");
        foreach (var (name, _, _) in targets)
        {
            table.AddRow(Markup.Escape(name), F(rps[name]), F(p99[name]), string.Join(" / ", results[name].Select(run => F(run.RequestsPerSecond))));
        }

        table.AddRow("[bold]ratio gateway/nginx, (a) bare routing[/]", $"[bold]{bare:0.00}[/]", "", "");
        table.AddRow("[bold]ratio gateway/nginx, (b) full pipeline[/]", $"[bold]{full:0.00}[/]", "", "goal >= 0.75");
        console.Write(table);
        var figures = targets.Select((target, i) => string.Create(CultureInfo.InvariantCulture, $"t{i}_rps={rps[target.Name]:0} t{i}_p99={p99[target.Name]:0.##}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bare_ratio={bare:0.00} full_ratio={full:0.00} ") + string.Join(" ", figures));
        return ExitCodes.Passed;
    }

    private static string F(double value) => value.ToString(value >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);
}
