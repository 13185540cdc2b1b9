namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>
/// Every row of <see cref="BreakerSpecification"/> against both breakers. A row that passes for Polly and fails for
/// the workbook breaker is a bug in the workbook breaker (or an exercise not finished yet).
/// </summary>
public sealed class BreakerParityTests
{
    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var scenario in BreakerSpecification.Scenarios)
        {
            rows.Add(scenario.Name, "workbook");
            rows.Add(scenario.Name, "Polly");
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Scenario_holds(string scenario, string breaker)
    {
        var row = BreakerSpecification.Scenarios.Single(s => s.Name == scenario);
        IBreakerUnderTest subject = breaker == "Polly"
            ? new PollyBreakerAdapter(row.Settings)
            : new WorkbookBreakerAdapter(row.Settings);

        await ScenarioRunner.RunAsync(row, subject);
    }

    [Fact]
    public void Scenario_names_are_unique_so_each_row_is_its_own_test()
    {
        BreakerSpecification.Scenarios.Select(s => s.Name).Should().OnlyHaveUniqueItems();
    }
}
