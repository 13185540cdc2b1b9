using EduPlatform.Bff.Testing;
using EduPlatform.Bff.Tests.Support;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Bff.Tests.Cancellation;

/// <summary>
/// A client that leaves cancels the legs it started: every downstream call ends as soon as the client has gone. The fake
/// clock never moves here, so a call that ends can only have been cancelled.
/// </summary>
public sealed class CancellationTests(FakeClockBff bff) : EachTestResets<FakeClockBff>(bff), IClassFixture<FakeClockBff>
{
    [Fact]
    public async Task A_client_that_disconnects_cancels_every_downstream_call_it_started()
    {
        await Bff.ClientLeavesWhileEveryLegRunsAsync();

        var calls = Bff.System.Services.Values.SelectMany(service => service.Calls.Calls).ToArray();
        calls.Should().HaveCount(4);
        await FakeClockBffFixture.CallsEndedAsync(calls);
        calls.Should().AllSatisfy(call => call.End.Should().Be(CallEnd.Aborted));
        Bff.System.Services.Values.Sum(service => service.Calls.StillRunning).Should().Be(0);
    }
}

/// <summary>The contrast: with cancellation switched off, the legs of a client that left run to their end.</summary>
public sealed class UncancelledLegsTests(UncancelledFakeClockBff bff) : EachTestResets<UncancelledFakeClockBff>(bff), IClassFixture<UncancelledFakeClockBff>
{
    [Fact]
    public async Task Without_cancellation_the_legs_of_a_client_that_left_keep_the_downstreams_busy()
    {
        await Bff.ClientLeavesWhileEveryLegRunsAsync();
        Bff.Clock.Advance(TimeSpan.FromSeconds(10));

        var calls = Bff.System.Services.Values.SelectMany(service => service.Calls.Calls).ToArray();
        await FakeClockBffFixture.CallsEndedAsync(calls);
        calls.Should().AllSatisfy(call => call.End.Should().Be(CallEnd.Answered, "nobody cancelled it: it ran its 10 s for a client that had gone"));
    }
}
