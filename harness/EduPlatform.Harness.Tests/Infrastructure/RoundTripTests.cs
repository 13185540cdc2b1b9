using System.Text;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Npgsql;
using RabbitMQ.Client.Events;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace EduPlatform.Harness.Tests.Infrastructure;

/// <summary>Each server answers a real round trip through the fixture (native here; whatever backend elsewhere).</summary>
public sealed class RoundTripTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task PostgreSql_stores_and_returns_a_row()
    {
        await using var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: CurrentTest.Cancellation);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(CurrentTest.Cancellation);

        await using (var create = new NpgsqlCommand("CREATE TABLE courses (id int PRIMARY KEY, title text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(CurrentTest.Cancellation);
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO courses VALUES (1, 'System design')", connection))
        {
            await insert.ExecuteNonQueryAsync(CurrentTest.Cancellation);
        }

        await using var select = new NpgsqlCommand("SELECT title FROM courses WHERE id = 1", connection);
        (await select.ExecuteScalarAsync(CurrentTest.Cancellation)).Should().Be("System design");
        infrastructure.Postgres.ServerVersion.Should().StartWith("15");
    }

    [Fact]
    public async Task Redis_sets_and_gets_a_key()
    {
        await using var lease = await infrastructure.Redis.CreateDatabaseAsync(CurrentTest.Cancellation);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(lease.ConnectionString);
        var database = redis.GetDatabase();

        await database.StringSetAsync("course:1:title", "System design");

        (await database.StringGetAsync("course:1:title")).ToString().Should().Be("System design");
        database.Database.Should().Be(lease.Index, "the lease's connection string selects its own logical database");
    }

    [Fact]
    public async Task RabbitMq_delivers_a_published_message_to_a_consumer()
    {
        await using var virtualHost = await infrastructure.RabbitMq.CreateVirtualHostAsync(CurrentTest.Cancellation);
        var factory = new ConnectionFactory { Uri = virtualHost.Uri };
        await using var connection = await factory.CreateConnectionAsync(CurrentTest.Cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: CurrentTest.Cancellation);
        await channel.QueueDeclareAsync("enrollments", durable: true, exclusive: false, autoDelete: false, cancellationToken: CurrentTest.Cancellation);

        await channel.BasicPublishAsync("", "enrollments", Encoding.UTF8.GetBytes("student-7 enrolled in course-1"), CurrentTest.Cancellation);

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
