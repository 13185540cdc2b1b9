using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Hosting.Security;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EduPlatform.Platform.Tests.Production;

/// <summary>What running it in production needs: readiness that follows the database, graceful shutdown, access logs, clear configuration errors.</summary>
public sealed class ProductionShapeTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Readiness_follows_the_module_database_and_requests_fail_with_503_while_it_is_gone()
    {
        await using var platform = await PlatformSystem.StartAsync(infrastructure, new PlatformSettings(), CurrentTest.Cancellation);
        var direct = new NpgsqlConnectionStringBuilder(platform.ConnectionStrings[PlatformModules.Courses]);
        await using var proxy = TcpFaultProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = TcpFaultProxy.Host, Port = proxy.Port, Timeout = 3 };
        using var courses = (await platform.StartExtraInstanceAsync(PlatformModules.Courses,
            new InstanceOverrides { ConnectionString = viaProxy.ConnectionString }, CurrentTest.Cancellation)).CreateClient();

        (await StatusOf(courses, "/health/ready")).Should().Be(HttpStatusCode.OK);

        proxy.RefusingConnections = true;
        proxy.ResetAllConnections();

        using var notReady = await courses.SendAsync(HttpMethod.Get, "/health/ready");
        notReady.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await notReady.JsonAsync()).GetProperty("checks").EnumerateArray()
            .Single(check => check.GetProperty("name").GetString() == "courses-database").GetProperty("status").GetString().Should().Be("Unhealthy");
        (await StatusOf(courses, "/health/live")).Should().Be(HttpStatusCode.OK, "a database outage must not get the process restarted");
        using var read = await courses.SendAsync(HttpMethod.Get, "/api/courses/1");
        (await read.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("title").GetString().Should().Be("Database unavailable");
        read.Headers.RetryAfter.Should().NotBeNull();

        proxy.ClearFaults();
        (await StatusOf(courses, "/health/ready")).Should().Be(HttpStatusCode.OK, "readiness comes back with the database");
        (await StatusOf(courses, "/api/courses/1")).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stopping_host_turns_unready_and_finishes_the_requests_in_flight()
    {
        var chunkArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var platform = await PlatformSystem.StartAsync(infrastructure, new PlatformSettings
        {
            Shape = PlatformShape.Monolith,
            TranscoderBlockingMilliseconds = 1500,
            ConfigureServices = services => services.AddSingleton<IStartupFilter>(new SignalOnPath("/chunks/", chunkArrived)),
        }, CurrentTest.Cancellation);
        var token = await platform.LoginAsync(DemoAccounts.Alice);
        var host = platform.Instance(PlatformModules.Videos);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var inFlight = platform.Client(PlatformModules.Videos).SendAsync(HttpMethod.Get, "/api/videos/1/chunks/0", token);
        await chunkArrived.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var stopping = host.StopAsync(TestContext.Current.CancellationToken);
        var readiness = await health.CheckHealthAsync(check => check.Name == "shutdown", TestContext.Current.CancellationToken);

        readiness.Status.Should().Be(HealthStatus.Unhealthy, "a balancer must stop sending new requests once shutdown begins");
        using var response = await inFlight;
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the request in flight when shutdown began is served, not cut");
        (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Should().HaveCount(16 * 1024);
        await stopping;
    }

    [Fact]
    public async Task Each_request_writes_one_structured_json_access_log_line()
    {
        var lines = new ConcurrentQueue<string>();
        await using var platform = await PlatformSystem.StartAsync(infrastructure,
            new PlatformSettings { Shape = PlatformShape.Monolith, Hosting = HostingMode.OutOfProcess, Log = lines.Enqueue }, CurrentTest.Cancellation);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/courses/2?include=lessons");
        request.Headers.UserAgent.ParseAdd("access-log-test/1.0");
        using var response = await platform.Client(PlatformModules.Courses).SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        JsonElement? entry = null;
        for (var attempt = 0; attempt < 50 && entry is null; attempt++)
        {
            entry = lines.Select(TryParseJson).FirstOrDefault(json =>
                json?.TryGetProperty("State", out var state) == true && state.TryGetProperty("UserAgent", out var agent) && agent.GetString() == "access-log-test/1.0");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        entry.Should().NotBeNull("the out-of-process host writes its access log to standard output as JSON lines:\n" + string.Join('\n', lines.Take(20)));
        var fields = entry!.Value.GetProperty("State");
        fields.GetProperty("Method").GetString().Should().Be("GET");
        fields.GetProperty("Url").GetString().Should().Be("/api/courses/2?include=lessons");
        fields.GetProperty("Status").GetInt32().Should().Be(200);
        fields.GetProperty("DurationMs").GetDouble().Should().BePositive();
        fields.GetProperty("Ip").GetString().Should().Be("127.0.0.1");
        DateTimeOffset.Parse(fields.GetProperty("Timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        entry.Value.GetProperty("Category").GetString().Should().EndWith("AccessLogMiddleware");
    }

    /// <summary>A command line with one mistake, and the key the error must name.</summary>
    public static TheoryData<string, string> ConfigurationMistakes => new()
    {
        { $"--{PlatformOptions.Keys.Modules}=grades", PlatformOptions.Keys.Modules },
        { $"--{PlatformOptions.Keys.Modules}=", PlatformOptions.Keys.Modules },
        { $"--{PlatformOptions.Keys.Modules}=courses --{PlatformAuthOptions.Keys.JwksUrl}=http://127.0.0.1:1/jwks", ModuleDatabase.ConnectionStringKey("Courses") },
        { $"--{PlatformOptions.Keys.Modules}=videos --{ModuleDatabase.ConnectionStringKey("Videos")}=Host=127.0.0.1", PlatformAuthOptions.Keys.JwksUrl },
        { $"--{PlatformOptions.Keys.MaxRequestBodyBytes}=0", PlatformOptions.Keys.MaxRequestBodyBytes },
    };

    [Theory, MemberData(nameof(ConfigurationMistakes))]
    public void A_configuration_mistake_stops_the_host_with_a_message_that_names_the_key(string arguments, string key)
    {
        var build = () => PlatformHost.Build(arguments.Split(' '));

        build.Should().Throw<PlatformConfigurationException>().Which.Message.Should().Contain(key);
    }

    private static async Task<HttpStatusCode> StatusOf(HttpClient client, string path)
    {
        using var response = await client.SendAsync(HttpMethod.Get, path);
        return response.StatusCode;
    }

    private static JsonElement? TryParseJson(string line)
    {
        var start = line.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(line[start..]).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Completes <paramref name="arrived"/> when a request whose path contains <paramref name="fragment"/> reaches the app.</summary>
    private sealed class SignalOnPath(string fragment, TaskCompletionSource arrived) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path.Value?.Contains(fragment, StringComparison.Ordinal) == true)
                {
                    arrived.TrySetResult();
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
