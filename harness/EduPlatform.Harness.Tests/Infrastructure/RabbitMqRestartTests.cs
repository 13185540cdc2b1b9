using System.Text;
using EduPlatform.Harness.Infrastructure;
using RabbitMQ.Client;

namespace EduPlatform.Harness.Tests.Infrastructure;

/// <summary>
/// A broker restart, as the saga chapter's "one RabbitMQ restart" needs it: connections are dropped, and what was
/// durable comes back (the virtual host, the durable queue, the persistent message). The test owns its broker, so the
/// restart disturbs no other test of the assembly.
/// </summary>
public sealed class RabbitMqRestartTests(ITestOutputHelper output)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restarted_broker_drops_connections_and_keeps_durable_queues_and_persistent_messages()
    {
        await using var infrastructure = new WorkbookInfrastructure(output.WriteLine, new InfrastructureSettings { Mode = InfrastructureMode.Native });
        await using var virtualHost = await infrastructure.RabbitMq.CreateVirtualHostAsync(Cancellation);
        var factory = new ConnectionFactory { Uri = virtualHost.Uri, AutomaticRecoveryEnabled = false };
        var before = await factory.CreateConnectionAsync(Cancellation);
        await using (var channel = await before.CreateChannelAsync(
                         new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                         Cancellation))
        {
            await channel.QueueDeclareAsync("enrollments", durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancellation);
            await channel.QueueDeclareAsync("scratch", durable: false, exclusive: false, autoDelete: false, cancellationToken: Cancellation);
            var persistent = new BasicProperties { Persistent = true };
            await channel.BasicPublishAsync("", "enrollments", mandatory: true, persistent, Encoding.UTF8.GetBytes("student-7"), Cancellation);
        }

        await infrastructure.RabbitMq.RestartAsync(TimeSpan.FromMilliseconds(200), Cancellation);

        before.IsOpen.Should().BeFalse("a restart closes every client connection");
        await before.DisposeAsync();
        await using var after = await factory.CreateConnectionAsync(Cancellation);
        await using var reader = await after.CreateChannelAsync(cancellationToken: Cancellation);
        var message = await reader.BasicGetAsync("enrollments", autoAck: true, Cancellation);
        message.Should().NotBeNull("a persistent message in a durable queue survives the restart");
        Encoding.UTF8.GetString(message!.Body.Span).Should().Be("student-7");
        var declareScratch = async () => await reader.QueueDeclarePassiveAsync("scratch", Cancellation);
        await declareScratch.Should().ThrowAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(
            "a transient queue does not survive: the restart was real");
    }
}
