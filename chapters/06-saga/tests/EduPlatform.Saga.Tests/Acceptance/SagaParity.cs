using EduPlatform.Harness.Infrastructure;
using EduPlatform.Saga.Running;
using EduPlatform.Saga.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.Saga.Tests.Acceptance;

/// <summary>
/// Every row of <see cref="SagaSpecification"/> against every style that has its feature: the hand-written
/// orchestrator, the choreography, the MassTransit state machine (one test class each, so the three run side by side).
/// A row that passes for one style and fails for another is a bug in that style (or an exercise not finished yet).
/// </summary>
public static class SagaParity
{
    public static TheoryData<string> Rows(SagaStyle style)
    {
        var rows = new TheoryData<string>();
        foreach (var scenario in SagaSpecification.Scenarios.Where(scenario => scenario.Styles.Contains(style)))
        {
            rows.Add(scenario.Name);
        }

        return rows;
    }

    public static async Task RunAsync(IInfrastructure infrastructure, string scenario, SagaStyle style, CancellationToken cancellationToken)
    {
        var row = SagaSpecification.Scenarios.Single(candidate => candidate.Name == scenario);
        // Every row gets a fake clock: time moves only when a row moves it, so no timeout fires by accident.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-09-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var settings = row.Configure(new SagaSettings { Style = style, Clock = clock });
        await using var system = await SagaSystem.StartAsync(infrastructure, settings, cancellationToken);

        await row.Run(new SagaRun(system, style, clock));
    }
}

public sealed class OrchestrationSagaTests(InfrastructureFixture infrastructure)
{
    [Theory(Timeout = 240_000)] // hang protection only: the first row also waits for PostgreSQL and RabbitMQ to start
    [MemberData(nameof(SagaParity.Rows), SagaStyle.Orchestration, MemberType = typeof(SagaParity))]
    public Task Scenario_holds(string scenario) =>
        SagaParity.RunAsync(infrastructure, scenario, SagaStyle.Orchestration, TestContext.Current.CancellationToken);
}

public sealed class ChoreographySagaTests(InfrastructureFixture infrastructure)
{
    [Theory(Timeout = 240_000)] // hang protection only: the first row also waits for PostgreSQL and RabbitMQ to start
    [MemberData(nameof(SagaParity.Rows), SagaStyle.Choreography, MemberType = typeof(SagaParity))]
    public Task Scenario_holds(string scenario) =>
        SagaParity.RunAsync(infrastructure, scenario, SagaStyle.Choreography, TestContext.Current.CancellationToken);
}

public sealed class MassTransitSagaTests(InfrastructureFixture infrastructure)
{
    [Theory(Timeout = 240_000)] // hang protection only: the first row also waits for PostgreSQL and RabbitMQ to start
    [MemberData(nameof(SagaParity.Rows), SagaStyle.MassTransit, MemberType = typeof(SagaParity))]
    public Task Scenario_holds(string scenario) =>
        SagaParity.RunAsync(infrastructure, scenario, SagaStyle.MassTransit, TestContext.Current.CancellationToken);
}

public sealed class SagaSpecificationTests
{
    [Fact]
    public void Scenario_names_are_unique_so_each_row_is_its_own_test()
    {
        SagaSpecification.Scenarios.Select(s => s.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Only_the_timeout_rows_leave_choreography_out_since_it_has_no_one_to_own_a_timeout()
    {
        SagaSpecification.Scenarios.Where(s => !s.Styles.Contains(SagaStyle.Choreography)).Should().OnlyContain(s => s.Name.Contains("timeout"));
    }
}
