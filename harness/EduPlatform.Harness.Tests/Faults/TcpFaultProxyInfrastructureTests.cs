using System.Data;
using System.Net.Sockets;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Tests.Hosting;
using EduPlatform.Harness.Waiting;
using Npgsql;
using StackExchange.Redis;

namespace EduPlatform.Harness.Tests.Faults;

/// <summary>The fault proxy in front of the real servers the infrastructure fixture starts.</summary>
public sealed class TcpFaultProxyInfrastructureTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Reset_breaks_a_live_PostgreSQL_connection_and_a_fresh_pooled_one_works_once_the_fault_is_cleared()
    {
        await using var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: CurrentTest.Cancellation);
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = TcpFaultProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Host = TcpFaultProxy.Host,
            Port = proxy.Port,
            Timeout = 3,
        };
        await using var dataSource = NpgsqlDataSource.Create(viaProxy.ConnectionString);

        await using (var live = await dataSource.OpenConnectionAsync(CurrentTest.Cancellation))
        {
            (await SelectAsync(live, 1)).Should().Be(1);
            proxy.ResetAllConnections().Should().Be(1);

            var broken = await FluentActions.Awaiting(() => SelectAsync(live, 2)).Should().ThrowAsync<NpgsqlException>();
            NetworkErrors.SocketErrorOf(broken.Which).Should().Be(SocketError.ConnectionReset, "Npgsql saw the RST: {0}", broken.Which);
            live.FullState.Should().HaveFlag(ConnectionState.Broken);
        }

        // While the database stays unreachable, the pool cannot hand out a connection either.
        proxy.RefusingConnections = true;
        await FluentActions.Awaiting(() => dataSource.OpenConnectionAsync(CurrentTest.Cancellation).AsTask())
            .Should().ThrowAsync<NpgsqlException>();

        proxy.ClearFaults();
        await using var fresh = await dataSource.OpenConnectionAsync(CurrentTest.Cancellation);
        (await SelectAsync(fresh, 3)).Should().Be(3);
        proxy.AcceptedConnections.Should().Be(2, "the broken connection was discarded, not handed out again");
    }

    [Fact]
    public async Task Reset_drops_a_Redis_connection_and_the_multiplexer_reconnects_through_the_proxy()
    {
        await using var database = await infrastructure.Redis.CreateDatabaseAsync(CurrentTest.Cancellation);
        var options = ConfigurationOptions.Parse(database.ConnectionString);
        var direct = options.EndPoints.Single();
        var (host, port) = direct switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new InvalidOperationException($"Unexpected endpoint {direct}"),
        };
        await using var proxy = TcpFaultProxy.Start(host, port);
        options.EndPoints.Clear();
        options.EndPoints.Add(TcpFaultProxy.Host, proxy.Port);
        options.AbortOnConnectFail = false;

        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var failed = new TaskCompletionSource<ConnectionFailureType>(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reset = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.ConnectionFailed += (_, e) => failed.TrySetResult(e.FailureType);
        // The multiplexer raises its events on pool threads, so a restore can be reported before the failure that
        // preceded it: any restore after the reset counts, whichever event arrived first.
        redis.ConnectionRestored += (_, _) =>
        {
            if (reset.Task.IsCompleted)
            {
                restored.TrySetResult();
            }
        };
        var db = redis.GetDatabase();
        await db.StringSetAsync("course:1", "open");

        reset.SetResult();
        proxy.ResetAllConnections().Should().BePositive();

        (await failed.Task.WaitAsync(TimeSpan.FromSeconds(10), CurrentTest.Cancellation)).Should().Be(ConnectionFailureType.SocketFailure);
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(20), CurrentTest.Cancellation);
        ((string?)await db.StringGetAsync("course:1")).Should().Be("open");
        proxy.AcceptedConnections.Should().BeGreaterThan(1, "the multiplexer reconnected through the proxy");
    }

    private static async Task<int> SelectAsync(NpgsqlConnection connection, int value)
    {
        await using var command = new NpgsqlCommand($"select {value}", connection);
        return (int)(await command.ExecuteScalarAsync(CurrentTest.Cancellation))!;
    }
}
