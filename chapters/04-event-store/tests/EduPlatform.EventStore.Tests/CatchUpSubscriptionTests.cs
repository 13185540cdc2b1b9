using EduPlatform.Harness.Waiting;
using System.Collections.Concurrent;
using EduPlatform.EventStore.Subscriptions;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.EventStore.Testing;

namespace EduPlatform.EventStore.Tests;

public sealed class CatchUpSubscriptionTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task It_catches_up_on_history_in_pages_then_delivers_new_events_and_stores_its_checkpoint()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await AppendLessonsAsync(system, streams: 6, perStream: 100);
        await using var recording = RecordingSubscription.Start(system, "history", new CatchUpSubscriptionOptions { BatchSize = 100 });
        var (subscription, delivered) = (recording.Subscription, recording.Delivered);

        await Eventually.HoldsAsync(() => delivered.Count == 600, "the history is delivered");
        await AppendLessonsAsync(system, streams: 1, perStream: 5, firstStream: 100);
        await Eventually.HoldsAsync(() => delivered.Count == 605, "the new events are delivered");
        await Eventually.HoldsAsync(async () => await new PostgresCheckpointStore(system.DataSource).LoadAsync("history", CurrentTest.Cancellation) == 605, "the checkpoint is stored");
        await recording.StopAsync();
        delivered.Should().Equal(Enumerable.Range(1, 605).Select(p => (long)p));
        subscription.Position.Should().Be(605);
    }

    [Fact]
    public async Task Live_events_arrive_through_notify_long_before_the_poll_interval()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await using var recording = RecordingSubscription.Start(system, "live", new CatchUpSubscriptionOptions { PollInterval = TimeSpan.FromMinutes(10) });
        var (subscription, delivered) = (recording.Subscription, recording.Delivered);
        await WaitForListenerAsync(system, subscription);

        for (var i = 1; i <= 3; i++)
        {
            await system.Store.AppendToStreamAsync(StreamId.For("enrollment", i), ExpectedVersion.Any, [SampleEvents.Enrolled()], CurrentTest.Cancellation);
            // With a 10-minute poll interval, only a notification can deliver this within the test.
            await Eventually.HoldsAsync(() => delivered.Count == i, $"event {i} is delivered live", TimeSpan.FromSeconds(15));
        }
    }

    [Fact]
    public async Task When_the_listen_connection_is_killed_polling_still_delivers_and_listening_resumes()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await using var recording = RecordingSubscription.Start(system, "fallback",
            new CatchUpSubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(200), ListenRetryDelay = TimeSpan.FromMilliseconds(300) });
        var (subscription, delivered) = (recording.Subscription, recording.Delivered);
        var firstListener = await WaitForListenerAsync(system, subscription);

        await system.ExecuteAsync($"SELECT pg_terminate_backend({firstListener})");
        await system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-1"), ExpectedVersion.Any, [SampleEvents.Enrolled()], CurrentTest.Cancellation);

        await Eventually.HoldsAsync(() => delivered.Count == 1, "the event is delivered without the listener");
        // A terminated backend can linger in pg_stat_activity for a moment on a busy machine: wait for another pid.
        var secondListener = await WaitForListenerAsync(system, subscription, replacing: firstListener);
        secondListener.Should().NotBe(firstListener, "a new LISTEN connection replaced the killed one");
    }

    [Fact]
    public async Task Polling_alone_delivers_when_notifications_are_off()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await using var recording = RecordingSubscription.Start(system, "polling",
            new CatchUpSubscriptionOptions { UseNotifications = false, PollInterval = TimeSpan.FromMilliseconds(100) });
        var (subscription, delivered) = (recording.Subscription, recording.Delivered);

        await system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-1"), ExpectedVersion.Any, SampleEvents.Lessons(2), CurrentTest.Cancellation);

        await Eventually.HoldsAsync(() => delivered.Count == 2, "both events are polled");
        (await system.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{subscription.ListenerApplicationName}'"))
            .Should().Be(0);
    }

    [Fact]
    public async Task A_subscription_that_crashes_mid_page_while_writers_write_resumes_without_loss_and_an_idempotent_handler_applies_each_event_once()
    {
        await using var system = await EventStoreSystem.StartAsync(infrastructure, cancellationToken: CurrentTest.Cancellation);
        await system.ExecuteAsync("CREATE TABLE handled (global_position bigint PRIMARY KEY, event_id uuid NOT NULL)");
        const int batchSize = 50;
        var options = new CatchUpSubscriptionOptions { BatchSize = batchSize, PollInterval = TimeSpan.FromMilliseconds(200) };
        // 200 events of history first, so the crash lands inside a full page; then writers keep writing.
        var history = SampleEvents.Lessons(200);
        await system.Store.AppendToStreamAsync(StreamId.Parse("enrollment-history"), ExpectedVersion.NoStream, history, CurrentTest.Cancellation);
        var acknowledged = new ConcurrentBag<Guid>(history.Select(e => e.EventId));
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                NewEvent[] batch = SampleEvents.Lessons(1 + (i % 4));
                await system.Store.AppendToStreamAsync(StreamId.For("enrollment", i % 100), ExpectedVersion.Any, batch, CurrentTest.Cancellation);
                foreach (var e in batch)
                {
                    acknowledged.Add(e.EventId);
                }
            }
        }, CurrentTest.Cancellation);

        // First run: the handler "crashes" (throws) on its 137th event, in the middle of a page.
        var firstRun = new List<long>();
        var crashing = new CatchUpSubscription("restartable", system.DataSource, system.Store, async (e, token) =>
        {
            if (firstRun.Count == 136)
            {
                throw new SimulatedCrashException();
            }

            await HandleIdempotentlyAsync(system, e, token);
            firstRun.Add(e.GlobalPosition);
        }, options);
        await crashing.Invoking(s => s.RunAsync(CurrentTest.Cancellation)).Should().ThrowAsync<SimulatedCrashException>();
        var checkpointAtCrash = await new PostgresCheckpointStore(system.DataSource).LoadAsync("restartable", CurrentTest.Cancellation);

        // Second run: a new instance, as after a process restart.
        var secondRun = new ConcurrentQueue<long>();
        var resumed = new CatchUpSubscription("restartable", system.DataSource, system.Store, async (e, token) =>
        {
            await HandleIdempotentlyAsync(system, e, token);
            secondRun.Enqueue(e.GlobalPosition);
        }, options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(CurrentTest.Cancellation);
        var running = resumed.RunAsync(stop.Token);
        await writing;
        var total = acknowledged.Count;
        await Eventually.HoldsAsync(() => resumed.Position == total, "the resumed subscription reaches the head");
        await stop.CancelAsync();
        await running.Invoking(r => r).Should().ThrowAsync<OperationCanceledException>();

        firstRun.Should().Equal(Enumerable.Range(1, 136).Select(p => (long)p));
        // The checkpoint is stored after each page of 50: it is where the page that crashed began.
        checkpointAtCrash.Should().Be(100);
        secondRun.Should().Equal(Enumerable.Range((int)checkpointAtCrash + 1, total - (int)checkpointAtCrash).Select(p => (long)p),
            "the restart resumes right after the checkpoint, in order, with no hole");
        var redelivered = firstRun.Intersect(secondRun).ToList();
        redelivered.Should().Equal(Enumerable.Range((int)checkpointAtCrash + 1, 136 - (int)checkpointAtCrash).Select(p => (long)p),
            "at-least-once: only the handled part of the unfinished page is delivered twice");
        redelivered.Should().NotBeEmpty("the crash came mid-page, so this run shows a real redelivery").And.HaveCountLessThan(batchSize);
        (await system.ScalarAsync<long>("SELECT count(*) FROM handled")).Should().Be(total, "the idempotent handler applied each event once");
        (await system.ScalarAsync<long>("SELECT count(*) FROM handled h JOIN eventstore.events e USING (global_position, event_id)")).Should().Be(total);
    }

    private static async Task HandleIdempotentlyAsync(EventStoreSystem system, RecordedEvent recorded, CancellationToken cancellationToken)
    {
        // The effect is keyed by the event's position: applying it twice changes nothing.
        await using var command = system.DataSource.CreateCommand(
            "INSERT INTO handled (global_position, event_id) VALUES ($1, $2) ON CONFLICT (global_position) DO NOTHING");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = recorded.GlobalPosition });
        command.Parameters.Add(new Npgsql.NpgsqlParameter<Guid> { TypedValue = recorded.EventId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task AppendLessonsAsync(EventStoreSystem system, int streams, int perStream, int firstStream = 0)
    {
        for (var stream = firstStream; stream < firstStream + streams; stream++)
        {
            await system.Store.AppendToStreamAsync(StreamId.For("enrollment", stream), ExpectedVersion.Any, SampleEvents.Lessons(perStream), CurrentTest.Cancellation);
        }
    }

    private static async Task<int> WaitForListenerAsync(EventStoreSystem system, CatchUpSubscription subscription, int replacing = 0)
    {
        var pid = 0;
        await Eventually.HoldsAsync(async () =>
        {
            await using var command = system.DataSource.CreateCommand(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE '%LISTEN%' AND pid <> $2");
            command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = subscription.ListenerApplicationName });
            command.Parameters.Add(new Npgsql.NpgsqlParameter<int> { TypedValue = replacing });
            pid = await command.ExecuteScalarAsync(CurrentTest.Cancellation) is int found ? found : 0;
            return pid != 0;
        }, replacing == 0 ? "the subscription is listening" : "a new listener replaces the killed one");
        return pid;
    }

    private sealed class SimulatedCrashException() : Exception("simulated crash");

    /// <summary>A running subscription that records the positions it is handed; disposing stops it.</summary>
    private sealed class RecordingSubscription : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(CurrentTest.Cancellation);
        private Task _running = Task.CompletedTask;

        public ConcurrentQueue<long> Delivered { get; } = new();

        public CatchUpSubscription Subscription { get; private set; } = null!;

        public static RecordingSubscription Start(EventStoreSystem system, string id, CatchUpSubscriptionOptions options)
        {
            var recording = new RecordingSubscription();
            recording.Subscription = new CatchUpSubscription(id, system.DataSource, system.Store,
                (e, _) => { recording.Delivered.Enqueue(e.GlobalPosition); return Task.CompletedTask; }, options);
            recording._running = recording.Subscription.RunAsync(recording._stop.Token);
            return recording;
        }

        /// <summary>Cancels the run, which must end the way cancellation is documented to: OperationCanceledException.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running.Invoking(r => r).Should().ThrowAsync<OperationCanceledException>();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_running.IsCompleted)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }
    }
}
