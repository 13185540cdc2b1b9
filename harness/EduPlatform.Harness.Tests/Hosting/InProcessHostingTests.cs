using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Harness.Tests.Hosting;

public sealed class InProcessHostingTests
{
    [Fact]
    public async Task Kill_mid_request_resets_the_connection_while_the_other_instance_keeps_serving_and_restart_reuses_the_port()
    {
        var logs = new LogLines();
        await using var cluster = await ServiceHost.StartManyAsync(SampleApps.ViaBuild, count: 2,
            new ServiceHostOptions { Log = logs.Sink }, CurrentTest.Cancellation);
        var (victim, survivor) = (cluster[0], cluster[1]);
        victim.Port.Should().NotBe(survivor.Port);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var slow = client.GetAsync(new Uri(victim.BaseAddress, "/slow?ms=20000"), CurrentTest.Cancellation);
        await logs.WaitForAsync($"[{victim.Name}] info", TimeSpan.FromSeconds(10)); // any line of its own...
        await logs.WaitForAsync("slow request started", TimeSpan.FromSeconds(10)); // ...and the request is in flight

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();

        var failure = await FluentActions.Awaiting(() => slow).Should().ThrowAsync<HttpRequestException>();
        NetworkErrors.SocketErrorOf(failure.Which).Should().Be(SocketError.ConnectionReset,
            "a killed instance resets its connections instead of closing them cleanly: {0}", failure.Which);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the kill must not wait for the 20 s request");
        victim.State.Should().Be(ServiceInstanceState.Killed);

        (await client.GetStringAsync(new Uri(survivor.BaseAddress, "/hello"), CurrentTest.Cancellation)).Should().Be("hello");

        await NetworkErrors.ShouldBeRefusedAsync(new Uri(victim.BaseAddress, "/hello"));

        var port = victim.Port;
        await victim.RestartAsync(CurrentTest.Cancellation);
        victim.Port.Should().Be(port);
        victim.State.Should().Be(ServiceInstanceState.Running);
        (await client.GetStringAsync(new Uri(victim.BaseAddress, "/hello"), CurrentTest.Cancellation)).Should().Be("hello");
    }

    [Fact]
    public async Task Graceful_stop_lets_the_request_in_flight_finish_and_then_refuses_new_ones()
    {
        var logs = new LogLines();
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaBuild,
            new ServiceHostOptions { Log = logs.Sink }, CurrentTest.Cancellation);
        using var client = instance.CreateClient();

        var inFlight = client.GetAsync(new Uri("/slow?ms=700", UriKind.Relative), CurrentTest.Cancellation);
        await logs.WaitForAsync("slow request started", TimeSpan.FromSeconds(10));
        await instance.StopAsync(CurrentTest.Cancellation);

        using var response = await inFlight;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(CurrentTest.Cancellation)).Should().Be("finally");
        instance.State.Should().Be(ServiceInstanceState.Stopped);

        await NetworkErrors.ShouldBeRefusedAsync(new Uri(instance.BaseAddress, "/hello"));
    }

    [Fact]
    public async Task Configuration_overrides_reach_code_that_reads_them_before_Build_and_after()
    {
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaBuild, new ServiceHostOptions
        {
            Configuration = new Dictionary<string, string?>
            {
                ["Sample:Greeting"] = "bonjour",
                ["ConnectionStrings:Catalog"] = "Host=127.0.0.1;Port=1;Database=x",
            },
        }, CurrentTest.Cancellation);
        using var client = instance.CreateClient();

        (await client.GetStringAsync(new Uri("/hello", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("bonjour");
        (await client.GetStringAsync(new Uri("/config/ConnectionStrings:Catalog", UriKind.Relative), CurrentTest.Cancellation))
            .Should().Be("Host=127.0.0.1;Port=1;Database=x");
        instance.ProcessId.Should().Be(Environment.ProcessId);
    }

    [Fact]
    public async Task An_app_started_through_its_entry_point_listens_on_a_real_port_with_overrides_and_can_be_killed()
    {
        var logs = new LogLines();
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaEntryPoint, new ServiceHostOptions
        {
            Configuration = new Dictionary<string, string?> { ["Sample:Mode"] = "entry-point", ["Sample:Greeting"] = "hej" },
            Log = logs.Sink,
        }, CurrentTest.Cancellation);

        // A real socket, not TestServer: a plain HttpClient with no handler from the factory reaches it.
        using var client = new HttpClient { BaseAddress = instance.BaseAddress };
        (await client.GetStringAsync(new Uri("/config/Sample:Mode", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("entry-point");
        (await client.GetStringAsync(new Uri("/hello", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("hej",
            "the greeting is read before Build(): host settings are visible that early");

        var slow = client.GetAsync(new Uri("/slow?ms=20000", UriKind.Relative), CurrentTest.Cancellation);
        await logs.WaitForAsync("slow request started", TimeSpan.FromSeconds(10));
        await instance.KillAsync();
        var failure = await FluentActions.Awaiting(() => slow).Should().ThrowAsync<HttpRequestException>();
        NetworkErrors.SocketErrorOf(failure.Which).Should().Be(SocketError.ConnectionReset);

        await instance.RestartAsync(CurrentTest.Cancellation);
        (await client.GetStringAsync(new Uri("/config/Sample:Mode", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("entry-point");
    }

    [Fact]
    public async Task App_logs_reach_the_supplied_sink_one_line_per_entry_with_the_instance_name()
    {
        var logs = new LogLines();
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaBuild,
            new ServiceHostOptions { Log = logs.Sink }, CurrentTest.Cancellation);
        using var client = instance.CreateClient();

        using var response = await client.PostAsync(new Uri("/log?message=marmalade", UriKind.Relative), content: null, CurrentTest.Cancellation);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent);

        await logs.WaitForAsync("sample says marmalade", TimeSpan.FromSeconds(5));
        logs.All.Should().Contain(line => line.StartsWith($"[{instance.Name}] info ", StringComparison.Ordinal)
                                          && line.EndsWith("sample says marmalade", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_build_delegate_that_forgets_to_call_configure_is_refused_with_a_clear_message()
    {
        var careless = ServiceApp.FromBuild("careless", (args, _) => Microsoft.AspNetCore.Builder.WebApplication.Create(args));

        var act = () => ServiceHost.StartAsync(careless, cancellationToken: CurrentTest.Cancellation);

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*never called its configure callback*");
    }
}
