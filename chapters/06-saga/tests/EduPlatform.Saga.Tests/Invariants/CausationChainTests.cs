using EduPlatform.Harness.Infrastructure;
using EduPlatform.Saga;
using EduPlatform.Saga.Messaging;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Tests.Invariants;

/// <summary>
/// Every message any service published carries its saga's correlation id and a causation id that leads to another
/// message of the same saga, back to the request that started it: the chain has no gap and no stranger.
/// </summary>
public sealed class CausationChainTests(InfrastructureFixture infrastructure)
{
    [Theory]
    [InlineData(SagaStyle.Orchestration)]
    [InlineData(SagaStyle.Choreography)]
    public async Task Every_published_message_names_its_saga_and_a_cause_within_it(SagaStyle style)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var system = await SagaSystem.StartAsync(infrastructure, new SagaSettings { Style = style, Courses = EnrollmentWorkload.Courses(smallSeats: 1) }, cancellation);
        var workload = new EnrollmentWorkload(system);
        for (var i = 0; i < 10; i++)
        {
            await workload.SendAsync(i, cancellation);
        }

        await system.WaitUntilAllEndedAsync(workload.Ids, TimeSpan.FromSeconds(30), cancellation);

        var published = await PublishedAsync(system, cancellation);
        published.Should().NotBeEmpty();
        foreach (var saga in workload.Ids)
        {
            var own = published.Where(message => message.CorrelationId == saga).ToArray();
            var history = await system.HistoryAsync(saga, cancellation);
            // The root: the HTTP request that started the saga (the first history line's cause, X-Request-Id).
            var request = history[0].CausationId!.Value;
            var known = own.Select(message => message.MessageId).Concat(history.Select(entry => entry.MessageId)).Append(request).ToHashSet();
            own.Should().NotBeEmpty();
            own.Should().OnlyContain(message => message.Enrollment.EnrollmentId == saga);
            own.Should().OnlyContain(message => message.CausationId != null && known.Contains(message.CausationId.Value),
                $"every message of saga {saga} is caused by another message of it");
        }
    }

    private static async Task<List<Envelope>> PublishedAsync(SagaSystem system, CancellationToken cancellationToken)
    {
        var messages = new List<Envelope>();
        foreach (var schema in SagaSchema.MessagingSchemas)
        {
            await using var select = system.Database.CreateCommand($"SELECT envelope::text FROM {schema}.outbox");
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add(Envelope.FromJson(reader.GetString(0)));
            }
        }

        return messages;
    }
}
