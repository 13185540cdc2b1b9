using System.Text;
using EduPlatform.Harness.Infrastructure;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using StackExchange.Redis;

namespace EduPlatform.Harness.Tests.Infrastructure;

/// <summary>Each server answers a real round trip through the fixture (native here; whatever backend elsewhere).</summary>
public sealed class RoundTripTests(InfrastructureFixture infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgreSql_stores_and_returns_a_row()
    {
        await using var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Cancellation);

        await using (var create = new NpgsqlCommand("CREATE TABLE courses (id int PRIMARY KEY, title text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(Cancellation);
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO courses VALUES (1, 'System design')", connection))
        {
            await insert.ExecuteNonQueryAsync(Cancellation);
        }

        await using var select = new NpgsqlCommand("SELECT title FROM courses WHERE id = 1", connection);
        (await select.ExecuteScalarAsync(Cancellation)).Should().Be("System design");
        infrastructure.Postgres.ServerVersion.Should().StartWith("15");
    }

    [Fact]
    public async Task Redis_sets_and_gets_a_key()
    {
        await using var lease = await infrastructure.Redis.CreateDatabaseAsync(Cancellation);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(lease.ConnectionString);
        var database = redis.GetDatabase();

        await database.StringSetAsync("course:1:title", "System design");

        (await database.StringGetAsync("course:1:title")).ToString().Should().Be("System design");
        database.Database.Should().Be(lease.Index, "the lease's connection string selects its own logical database");
    }

    [Fact]
    public async Task RabbitMq_delivers_a_published_message_to_a_consumer()
    {
        await using var virtualHost = await infrastructure.RabbitMq.CreateVirtualHostAsync(Cancellation);
        var factory = new ConnectionFactory { Uri = virtualHost.Uri };
        await using var connection = await factory.CreateConnectionAsync(Cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        await channel.QueueDeclareAsync("enrollments", durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancellation);

        await channel.BasicPublishAsync("", "enrollments", Encoding.UTF8.GetBytes("student-7 enrolled in course-1"), Cancellation);

        var received = await ConsumeOneAsync(channel, "enrollments");
        received.Should().Be("student-7 enrolled in course-1");
    }

    internal static async Task<string> ConsumeOneAsync(IChannel channel, string queue)
    {
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            delivered.TrySetResult(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, TestContext.Current.CancellationToken);

        // A missing message shows as a timeout, not a hang.
        return await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
