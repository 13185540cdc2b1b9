using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using EduPlatform.Harness.Faults;
using EduPlatform.Harness.Tests.Hosting;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;

namespace EduPlatform.Harness.Tests.Faults;

public sealed class DownstreamStubTests
{
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_timeline_switches_behaviour_exactly_at_its_boundaries_on_a_fake_clock()
    {
        var clock = new FakeTimeProvider(Epoch);
        using var stub = DownstreamStub.Start(clock);
        stub.Map("/courses", StubTimeline.Start(StubBehavior.Ok("up"), TimeSpan.FromSeconds(5))
            .Then(StubBehavior.Status(500), TimeSpan.FromSeconds(10))
            .ThenForever(StubBehavior.Ok("up again")));
        using var client = new HttpClient { BaseAddress = stub.BaseAddress };

        var observed = new List<(TimeSpan At, int Status, string Body)>();
        foreach (var at in new[] { 0.0, 4.999, 5.0, 14.999, 15.0, 600.0 })
        {
            clock.SetUtcNow(Epoch + TimeSpan.FromSeconds(at));
            using var response = await client.GetAsync(new Uri("/courses", UriKind.Relative), CurrentTest.Cancellation);
            observed.Add((TimeSpan.FromSeconds(at), (int)response.StatusCode, await response.Content.ReadAsStringAsync(CurrentTest.Cancellation)));
        }

        observed.Select(o => (o.Status, o.Body)).Should().Equal(
            (200, "up"), (200, "up"), (500, ""), (500, ""), (200, "up again"), (200, "up again"));
        stub.Journal.For("/courses").Select(request => request.ReceivedAt - Epoch)
            .Should().Equal(observed.Select(o => o.At), "the journal stamps requests with the stub's clock");
    }

    [Fact]
    public async Task A_sequence_switches_behaviour_by_request_count_whatever_the_clock_says()
    {
        var clock = new FakeTimeProvider(Epoch);
        using var stub = DownstreamStub.Start(clock);
        stub.Map("/other", StubBehavior.Ok("other"));
        stub.Map("/videos", StubSequence.First(StubBehavior.Status(503))
            .Then(StubBehavior.Respond(429, "slow down"), requests: 2)
            .ThenForever(StubBehavior.Ok("up")));
        using var client = new HttpClient { BaseAddress = stub.BaseAddress };

        var observed = new List<(int Status, string Body)>();
        foreach (var path in new[] { "/videos", "/other", "/videos", "/videos", "/videos", "/videos" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), CurrentTest.Cancellation);
            if (path == "/videos")
            {
                observed.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync(CurrentTest.Cancellation)));
            }
        }

        // A request to another mapping does not move the sequence, and the clock never moved at all.
        observed.Should().Equal((503, ""), (429, "slow down"), (429, "slow down"), (200, "up"), (200, "up"));
        stub.Journal.CountFor("/videos").Should().Be(5);
    }

    [Fact]
    public void A_sequence_without_a_forever_step_repeats_its_last_behaviour_and_refuses_steps_after_forever()
    {
        var healthy = StubBehavior.Ok("up");
        var sequence = StubSequence.First(StubBehavior.Status(500), requests: 2).Then(healthy);

        sequence.BehaviorFor(1).Should().NotBeSameAs(healthy);
        sequence.BehaviorFor(2).Should().BeSameAs(healthy);
        sequence.BehaviorFor(1_000).Should().BeSameAs(healthy);
        FluentActions.Invoking(() => StubSequence.First(healthy).ThenForever(healthy).Then(healthy))
            .Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => StubSequence.First(healthy, requests: 0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Latency_runs_on_the_stubs_clock_so_a_fake_clock_releases_the_response()
    {
        var clock = new FakeTimeProvider(Epoch);
        using var stub = DownstreamStub.Start(clock);
        stub.Map("/slow", StubBehavior.Ok("late").WithLatency(TimeSpan.FromSeconds(30)));
        using var client = new HttpClient { BaseAddress = stub.BaseAddress };

        var pending = client.GetStringAsync(new Uri("/slow", UriKind.Relative), CurrentTest.Cancellation);
        await WaitUntilAsync(() => stub.Journal.Count == 1);
        await Task.Delay(TimeSpan.FromMilliseconds(200), CurrentTest.Cancellation);
        pending.IsCompleted.Should().BeFalse("30 s have not passed on the stub's clock");

        clock.Advance(TimeSpan.FromSeconds(30));

        (await pending.WaitAsync(TimeSpan.FromSeconds(10), CurrentTest.Cancellation)).Should().Be("late");
    }

    [Fact]
    public async Task Random_latency_on_the_real_clock_delays_every_response_by_at_least_its_minimum()
    {
        using var stub = DownstreamStub.Start();
        stub.Map("/jittery", StubBehavior.Ok().WithRandomLatency(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)));
        using var client = new HttpClient { BaseAddress = stub.BaseAddress };

        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri("/jittery", UriKind.Relative), CurrentTest.Cancellation);
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(99));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Status_codes_connection_resets_and_half_sent_responses_reach_the_client_as_such()
    {
        using var stub = DownstreamStub.Start();
        stub.Map("/unavailable", StubBehavior.Status(503))
            .Map("/reset", StubBehavior.ConnectionReset())
            .Map("/aborted", StubBehavior.AbortedResponse())
            .Map(Request.Create().WithPath("/courses/*").UsingPost(), StubBehavior.Json("""{"id":7}""", 201));
        using var client = new HttpClient { BaseAddress = stub.BaseAddress };

        using (var unavailable = await client.GetAsync(new Uri("/unavailable", UriKind.Relative), CurrentTest.Cancellation))
        {
            unavailable.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        var reset = await FluentActions.Awaiting(() => client.GetAsync(new Uri("/reset", UriKind.Relative), CurrentTest.Cancellation))
            .Should().ThrowAsync<HttpRequestException>();
        NetworkErrors.SocketErrorOf(reset.Which).Should().Be(SocketError.ConnectionReset, "{0}", reset.Which);

        using (var headersOnly = await client.GetAsync(new Uri("/aborted", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead,
                   CurrentTest.Cancellation))
        {
            headersOnly.StatusCode.Should().Be(HttpStatusCode.OK, "the status line and headers arrive");
            var body = await FluentActions.Awaiting(() => headersOnly.Content.ReadAsStringAsync(CurrentTest.Cancellation))
                .Should().ThrowAsync<Exception>("the body breaks half-way");
            body.Which.Should().Match<Exception>(e => e is HttpRequestException || e is IOException);
        }

        using (var created = await client.PostAsync(new Uri("/courses/intro", UriKind.Relative), content: null, CurrentTest.Cancellation))
        {
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            (await created.Content.ReadAsStringAsync(CurrentTest.Cancellation)).Should().Be("""{"id":7}""");
        }
    }

    [Fact]
    public async Task The_journal_counts_every_call_per_path_including_unmatched_ones_with_its_headers()
    {
        using var stub = DownstreamStub.Start();
        stub.Map("/a", StubBehavior.Ok());
        using var client = new HttpClient { BaseAddress = stub.BaseAddress };

        foreach (var path in new[] { "/a", "/a?page=2", "/b", "/a" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("Idempotency-Key", $"key{path}");
            using var _ = await client.SendAsync(request, CurrentTest.Cancellation);
        }

        stub.Journal.Count.Should().Be(4);
        stub.Journal.CountFor("/a").Should().Be(3);
        stub.Journal.CountsByPath().Should().BeEquivalentTo(new Dictionary<string, int> { ["/a"] = 3, ["/b"] = 1 });
        stub.Journal.For("/a")[1].Query.Should().Be("?page=2");
        stub.Journal.For("/b")[0].Header("idempotency-key").Should().Be("key/b", "header names are case-insensitive");
        stub.Journal.For("/b")[0].Header("Authorization").Should().BeNull();

        stub.Reset();
        stub.Journal.Count.Should().Be(0);
        using var unmapped = await client.GetAsync(new Uri("/a", UriKind.Relative), CurrentTest.Cancellation);
        unmapped.StatusCode.Should().Be(HttpStatusCode.NotFound, "Reset removes the mappings too");
    }

    [Fact]
    public async Task A_later_mapping_for_the_same_path_replaces_the_earlier_one()
    {
        using var stub = DownstreamStub.Start();
        stub.Map("/flag", StubBehavior.Ok("old"));
        stub.Map("/flag", StubBehavior.Ok("new"));
        using var client = new HttpClient { BaseAddress = stub.BaseAddress };

        (await client.GetStringAsync(new Uri("/flag", UriKind.Relative), CurrentTest.Cancellation)).Should().Be("new");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            deadline.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the condition should hold soon");
            await Task.Delay(10, CurrentTest.Cancellation);
        }
    }
}
