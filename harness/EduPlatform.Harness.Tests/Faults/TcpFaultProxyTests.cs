using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Tests.Hosting;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Harness.Tests.Faults;

public sealed class TcpFaultProxyTests
{
    private const int MessageSize = 32;

    [Fact]
    public async Task Added_latency_shows_in_every_measured_round_trip_and_bytes_are_counted_both_ways()
    {
        using var echo = new TcpEchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var client = await ConnectAsync(proxy.Port);

        var before = await RoundTripsAsync(client, count: 5);
        proxy.Latency = TimeSpan.FromMilliseconds(250);
        var during = await RoundTripsAsync(client, count: 5);
        proxy.Latency = TimeSpan.Zero;
        var after = await RoundTripsAsync(client, count: 5);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"round trips (ms) before: {Format(before)}; with 250 ms: {Format(during)}; after: {Format(after)}");
        during.Should().OnlyContain(trip => trip >= TimeSpan.FromMilliseconds(249),
            "a chunk is never delivered before its latency has passed");
        (Median(during) - Median(before)).Should().BeCloseTo(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(200),
            "the added latency, give or take a noisy 2-core machine");
        Median(after).Should().BeLessThan(TimeSpan.FromMilliseconds(150), "clearing the latency takes effect at once");

        proxy.BytesToUpstream.Should().Be(15 * MessageSize);
        proxy.BytesToClient.Should().Be(15 * MessageSize);
    }

    [Fact]
    public async Task A_black_hole_makes_a_client_time_out_and_healing_it_serves_again()
    {
        await using var app = await ServiceHost.StartAsync(SampleApps.ViaBuild, cancellationToken: CurrentTest.Cancellation);
        await using var proxy = TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, app.Port));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{proxy.Address}/"), Timeout = TimeSpan.FromSeconds(1) };
        (await client.GetStringAsync(new Uri("/hello", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("hello");

        proxy.BlackHoled = true;
        var clock = Stopwatch.StartNew();
        var timedOut = await FluentActions.Awaiting(() => client.GetStringAsync(new Uri("/hello", UriKind.Relative), CurrentTest.Cancellation))
            .Should().ThrowAsync<TaskCanceledException>();
        timedOut.Which.InnerException.Should().BeOfType<TimeoutException>("the client's own timeout fired, nothing answered");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(990));

        proxy.BlackHoled = false;
        (await client.GetStringAsync(new Uri("/hello", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("hello");
    }

    [Fact]
    public async Task Reset_drops_every_open_connection_with_an_RST_and_new_connections_work()
    {
        var logs = new LogLines();
        await using var app = await ServiceHost.StartAsync(SampleApps.ViaBuild, new ServiceHostOptions { Log = logs.Sink }, CurrentTest.Cancellation);
        await using var proxy = TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, app.Port));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{proxy.Address}/") };

        var slow = client.GetAsync(new Uri("/slow?ms=20000", UriKind.Relative), CurrentTest.Cancellation);
        await logs.WaitForAsync("slow request started", TimeSpan.FromSeconds(10));
        proxy.OpenConnections.Should().Be(1);

        proxy.ResetAllConnections().Should().Be(1);

        var failure = await FluentActions.Awaiting(() => slow).Should().ThrowAsync<HttpRequestException>();
        NetworkErrors.SocketErrorOf(failure.Which).Should().Be(SocketError.ConnectionReset);
        (await client.GetStringAsync(new Uri("/hello", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("hello");
    }

    [Fact]
    public async Task Refusing_stops_new_connections_but_not_open_ones_and_accepting_again_reuses_the_port()
    {
        using var echo = new TcpEchoServer();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var open = await ConnectAsync(proxy.Port);

        proxy.RefusingConnections = true;

        var refused = await FluentActions.Awaiting(() => ConnectAsync(proxy.Port)).Should().ThrowAsync<SocketException>();
        refused.Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
        await RoundTripsAsync(open, count: 1); // the connection made before still works

        proxy.ClearFaults();
        using var again = await ConnectAsync(proxy.Port);
        await RoundTripsAsync(again, count: 1);
        proxy.AcceptedConnections.Should().Be(2);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), CurrentTest.Cancellation);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a small message and waits for all of it to come back, <paramref name="count"/> times.</summary>
    private static async Task<IReadOnlyList<TimeSpan>> RoundTripsAsync(Socket socket, int count)
    {
        var message = new byte[MessageSize];
        var echoed = new byte[MessageSize];
        var trips = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            Random.Shared.NextBytes(message);
            var clock = Stopwatch.StartNew();
            await socket.SendAsync(message, CurrentTest.Cancellation);
            var received = 0;
            while (received < MessageSize)
            {
                var read = await socket.ReceiveAsync(echoed.AsMemory(received), CurrentTest.Cancellation);
                read.Should().BePositive("the echo must not close the connection");
                received += read;
            }

            trips.Add(clock.Elapsed);
            echoed.Should().Equal(message);
        }

        return trips;
    }

    private static TimeSpan Median(IReadOnlyList<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private static string Format(IEnumerable<TimeSpan> values) =>
        string.Join(", ", values.Select(value => value.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
}
