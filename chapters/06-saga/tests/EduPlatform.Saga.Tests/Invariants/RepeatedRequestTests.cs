using EduPlatform.Harness.Infrastructure;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;

namespace EduPlatform.Saga.Tests.Invariants;

/// <summary>A client that repeats its request (the same enrollment id, ten times at once) gets one enrollment and one charge.</summary>
public sealed class RepeatedRequestTests(InfrastructureFixture infrastructure)
{
    [Theory]
    [InlineData(SagaStyle.Orchestration)]
    [InlineData(SagaStyle.Choreography)]
    [InlineData(SagaStyle.MassTransit)]
    public async Task Ten_concurrent_copies_of_one_request_make_one_saga(SagaStyle style)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var system = await SagaSystem.StartAsync(infrastructure, new SagaSettings { Style = style }, cancellation);
        var id = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => system.EnrollAsync("student-1", "course-1", 100m, id, cancellation)));

        (await system.WaitForAsync(id)).Status.Should().Be(EnrollmentStatus.Completed);
        var audit = await system.AuditAsync([id], cancellation);
        audit.Holds.Should().BeTrue(audit.ToString());
        audit.Should().BeEquivalentTo(new { Charges = 1, SeatsHeld = 1, VideoGrants = 1, DuplicateSideEffects = 0 });
    }
}
