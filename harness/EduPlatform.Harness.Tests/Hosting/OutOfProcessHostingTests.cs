using System.Globalization;
using System.Net;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Harness.Tests.Hosting;

public sealed class OutOfProcessHostingTests
{
    [Fact]
    public async Task A_SIGKILLed_instance_is_gone_restarts_on_its_port_and_nothing_is_left_behind_after_dispose()
    {
        var logs = new LogLines();
        var instance = await ServiceHost.StartAsync(SampleApps.ViaBuild, new ServiceHostOptions
        {
            Mode = HostingMode.OutOfProcess,
            Configuration = new Dictionary<string, string?> { ["Sample:Greeting"] = "from env" },
            Log = logs.Sink,
        }, CurrentTest.Cancellation);
        int firstPid, secondPid;
        try
        {
            using var client = instance.CreateClient();
            firstPid = instance.ProcessId;
            firstPid.Should().NotBe(Environment.ProcessId);
            (await client.GetStringAsync(new Uri("/process", UriKind.Relative), CurrentTest.Cancellation))
                .Should().Be(firstPid.ToString(CultureInfo.InvariantCulture), "the app answers from its own process");
            (await client.GetStringAsync(new Uri("/hello", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("from env");
            ChildProcesses.WatchdogsGuarding(firstPid).Should().ContainSingle("each child has a watchdog");

            var slow = client.GetAsync(new Uri("/slow?ms=20000", UriKind.Relative), CurrentTest.Cancellation);
            await logs.WaitForAsync("slow request started", TimeSpan.FromSeconds(10));
            await instance.KillAsync();

            ChildProcesses.IsAlive(firstPid).Should().BeFalse("SIGKILL ends the process");
            await FluentActions.Awaiting(() => slow).Should().ThrowAsync<HttpRequestException>(
                "the request in flight dies with its process");
            ChildProcesses.WatchdogsGuarding(firstPid).Should().BeEmpty();

            var port = instance.Port;
            await instance.RestartAsync(CurrentTest.Cancellation);
            instance.Port.Should().Be(port);
            secondPid = instance.ProcessId;
            secondPid.Should().NotBe(firstPid);
            (await client.GetStringAsync(new Uri("/process", UriKind.Relative), CurrentTest.Cancellation))
                .Should().Be(secondPid.ToString(CultureInfo.InvariantCulture));
        }
        finally
        {
            await instance.DisposeAsync();
        }

        ChildProcesses.IsAlive(secondPid).Should().BeFalse("dispose ends the child");
        ChildProcesses.WatchdogsGuarding(secondPid).Should().BeEmpty("and its watchdog");
        instance.State.Should().Be(ServiceInstanceState.Disposed);
    }

    [Fact]
    public async Task The_childs_console_logs_reach_the_sink_and_a_graceful_stop_drains_the_request_in_flight()
    {
        var logs = new LogLines();
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaBuild,
            new ServiceHostOptions { Mode = HostingMode.OutOfProcess, Log = logs.Sink }, CurrentTest.Cancellation);
        using var client = instance.CreateClient();

        using (var logged = await client.PostAsync(new Uri("/log?message=quince", UriKind.Relative), content: null, CurrentTest.Cancellation))
        {
            logged.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        await logs.WaitForAsync("sample says quince", TimeSpan.FromSeconds(10));
        logs.All.Should().Contain(line => line.StartsWith($"[{instance.Name}] ", StringComparison.Ordinal)
                                          && line.Contains("sample says quince", StringComparison.Ordinal));

        var pid = instance.ProcessId;
        var inFlight = client.GetAsync(new Uri("/slow?ms=700", UriKind.Relative), CurrentTest.Cancellation);
        await logs.WaitForAsync("slow request started", TimeSpan.FromSeconds(10));
        await instance.StopAsync(CurrentTest.Cancellation);

        using var response = await inFlight;
        response.StatusCode.Should().Be(HttpStatusCode.OK, "SIGTERM lets ASP.NET Core drain before it exits");
        ChildProcesses.IsAlive(pid).Should().BeFalse();
        await NetworkErrors.ShouldBeRefusedAsync(new Uri(instance.BaseAddress, "/hello"));
    }

    [Fact]
    public async Task Reaching_into_the_container_of_an_out_of_process_app_is_refused_up_front()
    {
        var act = () => ServiceHost.StartAsync(SampleApps.ViaBuild, new ServiceHostOptions
        {
            Mode = HostingMode.OutOfProcess,
            TimeProvider = TimeProvider.System,
        }, CurrentTest.Cancellation);

        await act.Should().ThrowAsync<NotSupportedException>();
    }
}
