using System.Text.Json;
using EduPlatform.CoursePage.Hosting;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// Slow senders (issue 19, defect 5): 32 connections posting a 16,000-byte purchase a few bytes at a time must not take
/// the worker budget (32) from everyone else. Each body here stops after its first 250 bytes (the probe's 250 B/s, one
/// second of it) until the test sends the rest, so "slow" never depends on the machine's speed.
/// </summary>
public sealed class SlowRequestBodyTests
{
    private const int Senders = 32;
    private const int BodyBytes = 16_000;
    private const int FirstBytes = 250;

    [Fact]
    public async Task Purchases_whose_bodies_arrive_slowly_hold_no_worker_and_the_summary_is_served_meanwhile()
    {
        // The payments bulkhead (8) is not this test's subject: 32 purchases completing at once would meet it.
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithPayments(payments => payments.Bulkhead.Enabled = false), CurrentTest.Cancellation);
        system.Settings.Server.MaxConcurrentRequests.Should().Be(Senders, "the premise: as many slow senders as workers");
        system.Payments.Map(Request.Create().WithPath(DependencyAnswers.PaymentsPath).UsingPost(), DependencyAnswers.Captured);
        var reader = system.Services.GetRequiredService<RequestBodyReader>();
        var senders = new List<SlowSender>();
        try
        {
            for (var i = 0; i < Senders; i++)
            {
                senders.Add(await SlowSender.StartAsync(system.Service.BaseAddress, $"slow-{i}", PurchaseBody($"student-{i}")));
            }

            // Every slow purchase is at the service: receiving its body outside the budget, or holding a worker while it
            // waits for its body inside the endpoint.
            using var trickling = new CancellationTokenSource();
            var trickle = Task.WhenAll(senders.Select(sender => sender.TrickleAsync(trickling.Token)));
            await Eventually.HoldsAsync(
                async () => reader.Receiving + (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Server.InUse == Senders,
                "all 32 slow purchases reached the service");

            using (var summary = await system.Client.GetAsync("/courses/algebra-1/summary", CurrentTest.Cancellation)
                       .WaitAsync(Eventually.DefaultLimit, CurrentTest.Cancellation))
            {
                summary.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "a slow body costs a connection, not a worker");
            }

            reader.Receiving.Should().Be(Senders, "every slow body is still arriving");
            (await system.DiagnosticsAsync(CurrentTest.Cancellation)).Server.InUse.Should().Be(0, "no slow purchase holds a worker");
            system.Payments.Journal.CountFor(DependencyAnswers.PaymentsPath).Should().Be(0, "no purchase is charged before its body is complete");
            await trickling.CancelAsync();
            await trickle;

            // The rest of each body arrives: every purchase then goes through, once.
            foreach (var sender in senders)
            {
                await sender.FinishAsync();
            }

            foreach (var sender in senders)
            {
                var answer = await sender.Connection.ReadResponseAsync(CurrentTest.Cancellation);
                answer.Status.Should().Be(200, answer.Body);
            }

            system.Payments.Journal.CountFor(DependencyAnswers.PaymentsPath).Should().Be(Senders);
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.Connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_body_that_does_not_arrive_within_the_body_read_timeout_gets_a_408_problem_and_charges_nobody()
    {
        var clock = new WatchedClock();
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec with { Clock = clock }, CurrentTest.Cancellation);
        system.Payments.Map(Request.Create().WithPath(DependencyAnswers.PaymentsPath).UsingPost(), DependencyAnswers.Captured);
        var reader = system.Services.GetRequiredService<RequestBodyReader>();
        await using var connection = await RawHttpConnection.ConnectAsync(system.Service.BaseAddress, CurrentTest.Cancellation);

        await connection.SendAsync(Purchase("stalled", PurchaseBody("student-1")[..FirstBytes]), CurrentTest.Cancellation);
        await Eventually.HoldsAsync(() => reader.Receiving == 1, "the stalled body is being received");
        clock.Advance(system.Settings.Server.BodyReadTimeout);
        var answer = await connection.ReadResponseAsync(CurrentTest.Cancellation);

        answer.Status.Should().Be(408);
        answer.ContentType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(408);
        answer.Body.Should().NotContain("Exception").And.NotContain(" at ");
        reader.Receiving.Should().Be(0);
        system.Payments.Journal.Count.Should().Be(0, "a purchase whose body never arrived charges nobody");
    }

    // A valid purchase padded to exactly BodyBytes (the endpoint ignores fields it does not know).
    private static string PurchaseBody(string studentId)
    {
        var head = $$"""{"studentId":"{{studentId}}","padding":" """.TrimEnd();
        return head + new string('x', BodyBytes - head.Length - 2) + "\"}";
    }

    /// <summary>
    /// One slow purchase: its headers and first bytes, then 50 bytes every 200 ms (the probe's 250 B/s, above Kestrel's
    /// minimum data rate of 240 B/s, so the server never drops it for being slow), then the rest when told.
    /// </summary>
    private sealed class SlowSender(RawHttpConnection connection, string body)
    {
        private int _sent = FirstBytes;

        public RawHttpConnection Connection { get; } = connection;

        public static async Task<SlowSender> StartAsync(Uri server, string idempotencyKey, string body)
        {
            var connection = await RawHttpConnection.ConnectAsync(server, CurrentTest.Cancellation);
            await connection.SendAsync(Purchase(idempotencyKey, body[..FirstBytes]), CurrentTest.Cancellation);
            return new SlowSender(connection, body);
        }

        public async Task TrickleAsync(CancellationToken stop)
        {
            using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            try
            {
                while (await every.WaitForNextTickAsync(stop) && _sent + 50 < body.Length)
                {
                    await Connection.SendAsync(body[_sent..(_sent + 50)], CurrentTest.Cancellation);
                    _sent += 50;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // told to stop trickling: the rest comes from FinishAsync
            }
        }

        public Task FinishAsync() => Connection.SendAsync(body[_sent..], CurrentTest.Cancellation);
    }

    private static byte[] Purchase(string idempotencyKey, string firstBytes) =>
        RawHttpConnection.Request("POST", "/courses/algebra-1/purchases",
            ["Content-Type: application/json", $"Idempotency-Key: {idempotencyKey}", $"Content-Length: {BodyBytes}"],
            firstBytes);
}
