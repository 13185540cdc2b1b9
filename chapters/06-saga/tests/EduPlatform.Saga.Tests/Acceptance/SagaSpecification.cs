using System.Net;
using EduPlatform.Harness.Waiting;
using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;
using static EduPlatform.Saga.Messaging.MessageTypes;

namespace EduPlatform.Saga.Tests.Acceptance;

/// <summary>
/// What the enrollment saga does, whichever style runs it. Small sizes: each row is a few sagas, a few seconds.
/// </summary>
public static class SagaSpecification
{
    private static readonly HashSet<SagaStyle> Orchestrated = [SagaStyle.Orchestration, SagaStyle.MassTransit];

    private static CancellationToken Cancellation => CurrentTest.Cancellation;

    /// <summary>Bodies a client should never get a 2xx or a 500 for.</summary>
    private static readonly string[] HostileBodies =
    [
        "",
        "not json",
        "{\"studentId\": 7}",
        "{\"studentId\": \"s\", \"courseId\": \"c\"}",
        "{\"studentId\": \"s\", \"courseId\": \"c\", \"amount\": -5}",
        "{\"studentId\": \"s\", \"courseId\": \"c\", \"amount\": 0.001}",
        "{\"studentId\": \"s\", \"courseId\": \"c\", \"amount\": 1e30}",
        "{\"studentId\": \"'; DROP TABLE payments.ledger; --\", \"courseId\": \"c\", \"amount\": 10}",
        "{\"studentId\": \"" + new string('x', 65) + "\", \"courseId\": \"c\", \"amount\": 10}",
        "{\"studentId\": \"s\", \"courseId\": \"c\", \"amount\": 10, \"enrollmentId\": \"00000000-0000-0000-0000-000000000000\"}",
        "{\"studentId\": \"s\", \"courseId\": \"c\", \"amount\": 10, \"enrollmentId\": \"nope\"}",
        "[1, 2, 3]",
        "{\"studentId\": \"" + new string('x', 20_000) + "\"}",
    ];

    public static IReadOnlyList<SagaScenario> Scenarios { get; } =
    [
        new("a paid enrollment completes: one charge, one seat, video access, one confirmation", settings => settings, async run =>
        {
            var id = await run.System.EnrollAsync("student-1", "course-1", 120m, cancellationToken: Cancellation);

            (await run.System.WaitForAsync(id)).Status.Should().Be(EnrollmentStatus.Completed);
            var audit = await run.System.AuditAsync([id], Cancellation);
            audit.Should().BeEquivalentTo(new { Completed = 1, Charges = 1, Refunds = 0, SeatsHeld = 1, VideoGrants = 1, DuplicateSideEffects = 0 });
            (await NotificationsAsync(run.System, id)).Should().Be(1);
        }),

        new("a declined payment releases the seat: compensated, no money taken", settings => settings, async run =>
        {
            var id = await run.System.EnrollAsync("student-2", "course-1", 900m, cancellationToken: Cancellation); // over the card limit

            (await run.System.WaitForAsync(id)).Status.Should().Be(EnrollmentStatus.Compensated);
            var audit = await run.System.AuditAsync([id], Cancellation);
            audit.Should().BeEquivalentTo(new { Compensated = 1, Charges = 0, SeatsHeld = 0, VideoGrants = 0 });
            audit.Holds.Should().BeTrue(audit.ToString());
            var history = await run.System.HistoryAsync(id, Cancellation);
            history.Select(entry => entry.Message).Should().ContainInOrder(SeatReserved, PaymentDeclined, SeatReleased);
        }),

        new("a full course refuses the seat: compensated, nothing charged", settings => settings with
        {
            Courses = new Dictionary<string, int> { ["tiny-course"] = 1 },
        }, async run =>
        {
            var first = await run.System.EnrollAsync("student-3", "tiny-course", 50m, cancellationToken: Cancellation);
            (await run.System.WaitForAsync(first)).Status.Should().Be(EnrollmentStatus.Completed);

            var second = await run.System.EnrollAsync("student-4", "tiny-course", 50m, cancellationToken: Cancellation);

            (await run.System.WaitForAsync(second)).Status.Should().Be(EnrollmentStatus.Compensated);
            var audit = await run.System.AuditAsync([first, second], Cancellation);
            audit.Should().BeEquivalentTo(new { Completed = 1, Compensated = 1, Charges = 1, SeatsHeld = 1 });
            audit.Holds.Should().BeTrue(audit.ToString());
        }),

        new("the history says what happened, in order, each message with its cause", settings => settings, async run =>
        {
            var id = await run.System.EnrollAsync("student-5", "course-1", 80m, cancellationToken: Cancellation);
            await run.System.WaitForAsync(id, EnrollmentStatus.Completed);

            var history = await run.System.HistoryAsync(id, Cancellation);

            history.Where(entry => entry.Changed).Select(entry => entry.Message).Should().Equal(
                EnrollmentRequested, SeatReserved, PaymentCharged, VideoAccessGranted, ConfirmationSent);
            history.Should().OnlyContain(entry => entry.CausationId != null && entry.CausationId != Guid.Empty, "every message names its cause");
            history.Select(entry => entry.MessageId).Should().OnlyHaveUniqueItems();
            history.Select(entry => entry.Sequence).Should().BeInAscendingOrder();
        }),

        new("every message delivered twice and shuffled: no side effect happens twice", settings => settings with
        {
            Chaos = DeliveryChaos.DuplicateAndShuffle,
            Courses = new Dictionary<string, int> { ["course-1"] = 1000, ["tiny-course"] = 2 },
        }, async run =>
        {
            var ids = await EnrollMixAsync(run.System, paid: 8, declined: 3, fullCourse: 3);

            await run.System.WaitUntilAllEndedAsync(ids, TimeSpan.FromSeconds(30), Cancellation);

            var audit = await run.System.AuditAsync(ids, Cancellation);
            audit.Holds.Should().BeTrue(audit.ToString());
            audit.Should().BeEquivalentTo(new { Completed = 10, Compensated = 4, DuplicateSideEffects = 0 }, audit.ToString());
        }),

        ParticipantKilled(FaultPoint.AfterSideEffect, "a participant killed after its side effect is redelivered, and nothing happens twice"),

        ParticipantKilled(FaultPoint.BeforeSideEffect, "a participant killed before its side effect is redelivered, and the saga goes on"),

        new("a compensation that keeps failing ends in NeedsAttention and the dead-letter list; an operator's retry finishes it", settings =>
        {
            settings.Faults.Add(new FaultRule("seats", FaultPoint.BeforeSideEffect, ReleaseTrigger(settings.Style), FaultAction.Fail, Times: int.MaxValue));
            return settings;
        }, async run =>
        {
            var id = await run.System.EnrollAsync("student-6", "course-1", 900m, cancellationToken: Cancellation);

            await run.System.WaitForAsync(id, EnrollmentStatus.NeedsAttention);
            var dead = await Eventually.ReturnsAsync(() => run.System.DeadLettersAsync(Cancellation), letters => letters.Count == 1, "the release is in the dead-letter list");
            dead[0].CorrelationId.Should().Be(id);
            dead[0].Attempts.Should().Be(run.System.Settings.MaxAttempts, "it was tried exactly as often as allowed");
            dead[0].Error.Should().Contain("injected");
            (await run.System.AuditAsync([id], Cancellation)).SeatsHeld.Should().Be(1, "the seat is still held: that is why someone must look");

            run.System.Settings.Faults.Heal();
            using (var retried = await run.System.RetryDeadLetterAsync(dead[0].Id, Cancellation))
            {
                retried.StatusCode.Should().Be(HttpStatusCode.Accepted);
            }

            (await run.System.WaitForAsync(id, EnrollmentStatus.Compensated)).Status.Should().Be(EnrollmentStatus.Compensated);
            var audit = await run.System.AuditAsync([id], Cancellation);
            audit.Holds.Should().BeTrue(audit.ToString());
            audit.SeatsHeld.Should().Be(0);
            using var again = await run.System.RetryDeadLetterAsync(dead[0].Id, Cancellation);
            again.StatusCode.Should().Be(HttpStatusCode.Conflict, "a dead letter is retried once");
            (await run.System.HistoryAsync(id, Cancellation)).Select(entry => entry.ToState).Should().Contain(nameof(EnrollmentStatus.NeedsAttention));
        }),

        new("a hostile request is answered 4xx with a problem, and starts nothing", settings => settings, async run =>
        {
            foreach (var body in HostileBodies)
            {
                using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                using var response = await run.System.Api.PostAsync("/enrollments", content, Cancellation);
                ((int)response.StatusCode).Should().BeInRange(400, 499, body);
                (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json", body);
            }

            using var notAnId = await run.System.Api.GetAsync("/enrollments/not-a-guid", Cancellation);
            notAnId.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            using var unknown = await run.System.Api.GetAsync($"/enrollments/{Guid.NewGuid()}", Cancellation);
            unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (unknown.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
            (await CountAsync(run.System, "SELECT count(*) FROM payments.ledger")).Should().Be(0);
        }),

        new("a timeout before the pivot compensates: the charge in flight is voided, the seat released", settings =>
        {
            settings.Faults.Add(new FaultRule("payments", FaultPoint.BeforeSideEffect, ChargePayment, FaultAction.Stall));
            return settings;
        }, async run =>
        {
            var id = await EnrollStuckThenTimeOutAsync(run, "student-7");

            (await run.System.WaitForAsync(id)).Status.Should().Be(EnrollmentStatus.Compensated);
            run.System.Settings.Faults.Heal(); // the stuck charge goes through now, too late: it finds its refund first
            await Eventually.HoldsAsync(async () => await CountAsync(run.System, "SELECT count(*) FROM payments.charges WHERE status = 'voided'") == 1, "the late charge is declined");
            var audit = await run.System.AuditAsync([id], Cancellation);
            audit.Holds.Should().BeTrue(audit.ToString());
            audit.Should().BeEquivalentTo(new { Charges = 0, SeatsHeld = 0 });
        }) { Styles = Orchestrated },

        new("a timeout after the pivot asks the step again instead of compensating", settings =>
        {
            settings.Faults.Add(new FaultRule("video", FaultPoint.BeforeSideEffect, GrantVideoAccess, FaultAction.Stall));
            return settings;
        }, async run =>
        {
            var id = await EnrollStuckThenTimeOutAsync(run, "student-8");

            (await run.System.WaitForAsync(id)).Status.Should().Be(EnrollmentStatus.Completed);
            run.System.Settings.Faults.Heal();
            await Eventually.HoldsAsync(
                () => run.System.Settings.Faults.Committed("video", GrantVideoAccess) == 2, "the stuck grant is handled too, and finds the grant already made");
            var audit = await run.System.AuditAsync([id], Cancellation);
            audit.Holds.Should().BeTrue(audit.ToString());
            audit.Should().BeEquivalentTo(new { Charges = 1, Refunds = 0, VideoGrants = 1, DuplicateSideEffects = 0 });
        }) { Styles = Orchestrated },

        new("a timeout that arrives after the saga ended changes nothing", settings => settings, async run =>
        {
            var id = await run.System.EnrollAsync("student-9", "course-1", 100m, cancellationToken: Cancellation);
            var ended = await run.System.WaitForAsync(id, EnrollmentStatus.Completed);

            run.Clock.Advance(run.System.Settings.StepTimeout * 3);

            await Eventually.HoldsAsync(
                async () => (await run.System.HistoryAsync(id, Cancellation)).Any(entry => entry.Message == EnrollmentTimedOut),
                "the late timeout arrives");
            var after = await run.System.FindAsync(id, Cancellation);
            after.Should().BeEquivalentTo(ended, "neither state nor version moved");
            (await run.System.HistoryAsync(id, Cancellation)).Where(entry => entry.Message == EnrollmentTimedOut).Should().OnlyContain(entry => !entry.Changed);
            (await run.System.AuditAsync([id], Cancellation)).Should().BeEquivalentTo(new { LateTimeoutChanges = 0, LateTimeoutsIgnored = 1 });
        }) { Styles = Orchestrated },
    ];

    /// <summary>Each participant dies once at <paramref name="point"/> of its forward step; the broker redelivers to its restart.</summary>
    private static SagaScenario ParticipantKilled(FaultPoint point, string name) => new(name, settings =>
    {
        foreach (var (service, type) in ForwardSteps(settings.Style))
        {
            settings.Faults.Add(new FaultRule(service, point, type, FaultAction.Crash));
        }

        return settings;
    }, async run =>
    {
        var ids = await EnrollMixAsync(run.System, paid: 4, declined: 1, fullCourse: 0);

        await run.System.WaitUntilAllEndedAsync(ids, TimeSpan.FromSeconds(30), Cancellation);

        run.System.Settings.Faults.Struck.Should().Be(4, "each participant died once");
        var audit = await run.System.AuditAsync(ids, Cancellation);
        audit.Holds.Should().BeTrue(audit.ToString());
        audit.Should().BeEquivalentTo(new { Completed = 4, Compensated = 1, DuplicateSideEffects = 0 });
    });

    /// <summary>Enrolls, waits until the row's stall holds the saga's step, and moves the clock past the step's timeout.</summary>
    private static async Task<Guid> EnrollStuckThenTimeOutAsync(SagaRun run, string student)
    {
        var id = await run.System.EnrollAsync(student, "course-1", 100m, cancellationToken: Cancellation);
        await Eventually.HoldsAsync(() => run.System.Settings.Faults.Struck == 1, "the step is stuck at its participant");
        run.Clock.Advance(run.System.Settings.StepTimeout + TimeSpan.FromSeconds(1));
        return id;
    }

    /// <summary>The message each participant does its forward step on, in this style.</summary>
    private static (string Service, string Type)[] ForwardSteps(SagaStyle style) => style == SagaStyle.Choreography
        ? [("seats", EnrollmentRequested), ("payments", SeatReserved), ("video", PaymentCharged), ("notifications", VideoAccessGranted)]
        : [("seats", ReserveSeat), ("payments", ChargePayment), ("video", GrantVideoAccess), ("notifications", SendConfirmation)];

    /// <summary>The message that makes seats release: the orchestrator's command, or in choreography the payment's refusal.</summary>
    private static string ReleaseTrigger(SagaStyle style) => style == SagaStyle.Choreography ? PaymentDeclined : ReleaseSeat;

    private static async Task<List<Guid>> EnrollMixAsync(SagaSystem system, int paid, int declined, int fullCourse)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < paid; i++)
        {
            ids.Add(await system.EnrollAsync($"paid-{i}", "course-1", 100m, cancellationToken: Cancellation));
        }

        for (var i = 0; i < declined; i++)
        {
            ids.Add(await system.EnrollAsync($"declined-{i}", "course-1", 900m, cancellationToken: Cancellation));
        }

        // tiny-course has 2 seats: the first two of these take them (they complete), the rest are refused.
        for (var i = 0; i < fullCourse; i++)
        {
            ids.Add(await system.EnrollAsync($"late-{i}", "tiny-course", 100m, cancellationToken: Cancellation));
        }

        return ids;
    }

    private static Task<int> NotificationsAsync(SagaSystem system, Guid id) =>
        CountAsync(system, $"SELECT count(*) FROM notifications.sent WHERE enrollment_id = '{id}'");

    private static async Task<int> CountAsync(SagaSystem system, string sql)
    {
        await using var command = system.Database.CreateCommand(sql);
        return Convert.ToInt32(await command.ExecuteScalarAsync(Cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }
}
