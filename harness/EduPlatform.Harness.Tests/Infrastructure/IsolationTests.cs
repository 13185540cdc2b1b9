using System.Text;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace EduPlatform.Harness.Tests.Infrastructure;

/// <summary>
/// Tests running at the same time use the same table, key and queue names without seeing each
/// other's data. Each test runs two "tenants" concurrently, interleaving their writes.
/// </summary>
public sealed class IsolationTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Two_databases_have_separate_tables_of_the_same_name()
    {
        await using var first = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: CurrentTest.Cancellation);
        await using var second = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: CurrentTest.Cancellation);
        first.Name.Should().NotBe(second.Name);

        await Task.WhenAll(WriteRowsAsync(first, "first", 50), WriteRowsAsync(second, "second", 30));

        (await ReadOwnersAsync(first)).Should().Equal(Enumerable.Repeat("first", 50));
        (await ReadOwnersAsync(second)).Should().Equal(Enumerable.Repeat("second", 30));
    }

    [Fact]
    public async Task A_dropped_database_is_gone_and_its_name_is_not_reused()
    {
        string name;
        await using (var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: CurrentTest.Cancellation))
        {
            name = database.Name;
        }

        await using var admin = new NpgsqlConnection(await infrastructure.Postgres.AdminConnectionStringAsync(CurrentTest.Cancellation));
        await admin.OpenAsync(CurrentTest.Cancellation);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", name);
        (await exists.ExecuteScalarAsync(CurrentTest.Cancellation)).Should().Be(0L);
    }

    [Fact]
    public async Task A_database_cloned_from_a_template_has_its_schema_but_not_other_clones_data()
    {
        await infrastructure.Postgres.EnsureTemplateAsync("isolation_courses", async (connection, token) =>
        {
            await using var schema = new NpgsqlCommand(
                "CREATE TABLE courses (id int PRIMARY KEY, title text NOT NULL); INSERT INTO courses VALUES (1, 'seeded');", connection);
            await schema.ExecuteNonQueryAsync(token);
        }, CurrentTest.Cancellation);

        await using var first = await infrastructure.Postgres.CreateDatabaseAsync("isolation_courses", CurrentTest.Cancellation);
        await using var second = await infrastructure.Postgres.CreateDatabaseAsync("isolation_courses", CurrentTest.Cancellation);
        await ExecuteAsync(first, "INSERT INTO courses VALUES (2, 'only in first')");

        (await CountAsync(first, "SELECT count(*) FROM courses")).Should().Be(2);
        (await CountAsync(second, "SELECT count(*) FROM courses")).Should().Be(1, "the second clone has the seed row only");
    }

    [Fact]
    public async Task Two_redis_leases_keep_the_same_key_apart()
    {
        await using var first = await infrastructure.Redis.CreateDatabaseAsync(CurrentTest.Cancellation);
        await using var second = await infrastructure.Redis.CreateDatabaseAsync(CurrentTest.Cancellation);
        first.Index.Should().NotBe(second.Index);
        first.KeyPrefix.Should().NotBe(second.KeyPrefix);
        await using var firstClient = await ConnectionMultiplexer.ConnectAsync(first.ConnectionString);
        await using var secondClient = await ConnectionMultiplexer.ConnectAsync(second.ConnectionString);

        await Task.WhenAll(
            IncrementAsync(firstClient.GetDatabase(), "enrollments:count", 40),
            IncrementAsync(secondClient.GetDatabase(), "enrollments:count", 25));

        ((long)await firstClient.GetDatabase().StringGetAsync("enrollments:count")).Should().Be(40);
        ((long)await secondClient.GetDatabase().StringGetAsync("enrollments:count")).Should().Be(25);
    }

    [Fact]
    public async Task A_returned_redis_database_is_empty_for_its_next_user()
    {
        var index = -1;
        await using (var lease = await infrastructure.Redis.CreateDatabaseAsync(CurrentTest.Cancellation))
        {
            index = lease.Index;
            await using var client = await ConnectionMultiplexer.ConnectAsync(lease.ConnectionString);
            await client.GetDatabase().StringSetAsync("left-behind", "1");
        }

        await using var other = await infrastructure.Redis.CreateDatabaseAsync(CurrentTest.Cancellation);
        await using var direct = await ConnectionMultiplexer.ConnectAsync(other.ConnectionString);
        (await direct.GetDatabase(index).KeyExistsAsync("left-behind")).Should().BeFalse();
    }

    [Fact]
    public async Task Two_virtual_hosts_keep_queues_of_the_same_name_apart()
    {
        await using var first = await infrastructure.RabbitMq.CreateVirtualHostAsync(CurrentTest.Cancellation);
        await using var second = await infrastructure.RabbitMq.CreateVirtualHostAsync(CurrentTest.Cancellation);
        await using var firstChannel = await OpenChannelAsync(first);
        await using var secondChannel = await OpenChannelAsync(second);

        await Task.WhenAll(PublishAsync(firstChannel, "from first", 20), PublishAsync(secondChannel, "from second", 7));

        (await DrainAsync(firstChannel)).Should().Equal(Enumerable.Repeat("from first", 20));
        (await DrainAsync(secondChannel)).Should().Equal(Enumerable.Repeat("from second", 7));
    }

    private static async Task WriteRowsAsync(PostgresDatabase database, string owner, int rows)
    {
        await ExecuteAsync(database, "CREATE TABLE enrollments (id serial PRIMARY KEY, owner text NOT NULL)");
        for (var i = 0; i < rows; i++)
        {
            await ExecuteAsync(database, $"INSERT INTO enrollments (owner) VALUES ('{owner}')");
            await Task.Yield();
        }
    }

    private static async Task<List<string>> ReadOwnersAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(CurrentTest.Cancellation);
        await using var select = new NpgsqlCommand("SELECT owner FROM enrollments ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync(CurrentTest.Cancellation);
        var owners = new List<string>();
        while (await reader.ReadAsync(CurrentTest.Cancellation))
        {
            owners.Add(reader.GetString(0));
        }

        return owners;
    }

    private static async Task ExecuteAsync(PostgresDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(CurrentTest.Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(CurrentTest.Cancellation);
    }

    private static async Task<long> CountAsync(PostgresDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(CurrentTest.Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(CurrentTest.Cancellation))!;
    }

    private static async Task IncrementAsync(IDatabase database, string key, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await database.StringIncrementAsync(key);
        }
    }

    private static async Task<IChannel> OpenChannelAsync(RabbitMqVirtualHost virtualHost)
    {
        var connection = await new ConnectionFactory { Uri = virtualHost.Uri }.CreateConnectionAsync(CurrentTest.Cancellation);
        // Publisher confirms: each publish returns once the broker has the message, so draining
        // right after publishing cannot race the deliveries.
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            CurrentTest.Cancellation);
        await channel.QueueDeclareAsync("enrollments", durable: false, exclusive: false, autoDelete: false, cancellationToken: CurrentTest.Cancellation);
        return channel;
    }

    private static async Task PublishAsync(IChannel channel, string text, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await channel.BasicPublishAsync("", "enrollments", Encoding.UTF8.GetBytes(text), CurrentTest.Cancellation);
        }
    }

    private static async Task<List<string>> DrainAsync(IChannel channel)
    {
        var messages = new List<string>();
        while (await channel.BasicGetAsync("enrollments", autoAck: true, CurrentTest.Cancellation) is { } message)
        {
            messages.Add(Encoding.UTF8.GetString(message.Body.Span));
        }

        return messages;
    }
}
