namespace EduPlatform.Load.Tests;

/// <summary>
/// One small but complete run (steps, failures, several status codes, a fault event, a threshold
/// that fails, a contrast run), with every report format written to TestResults/sample-report.
/// </summary>
public sealed class SampleRunFixture : IAsyncLifetime
{
    public RunResult Run { get; private set; } = null!;

    public RunResult Contrast { get; private set; } = null!;

    public string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "sample-report");

    public async ValueTask InitializeAsync()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Contrast = await LoadRunner.RegisterScenarios(Checkout("checkout", failEvery: 3))
            .WithRunName("sample contrast").WithConsole(null).RunAsync();

        var runner = LoadRunner.RegisterScenarios(Checkout("checkout", failEvery: 20))
            .WithRunName("sample <run> & \"quotes\"")
            .WithReportFolder(Folder)
            .WithContrast(Contrast)
            .WithConsole(null);
        var running = runner.RunAsync();
        await Task.Delay(700);
        runner.MarkEvent("instance killed");
        Run = await running;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ScenarioProps Checkout(string name, int failEvery) =>
        Scenario.Create(name, async ctx =>
            {
                await Step.Run("login", ctx, () => Task.FromResult(Response.Ok("200", sizeBytes: 120)));
                await Step.Run("pay, then \"confirm\"", ctx, async () =>
                {
                    await Task.Delay(ctx.InvocationNumber % 50 == 0 ? 20 : 1, ctx.CancellationToken);
                    return ctx.InvocationNumber % failEvery == 0 ? Response.Fail("503", 10, "payment down") : Response.Ok("201", 300);
                });
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.Inject(300, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)))
            .WithThresholds(
                Threshold.Parse("p(95)<500"),
                Threshold.Parse("rate<0.01"),
                Threshold.ForStep("login", "p(99)<100"),
                Threshold.Create("most checkouts succeed", s => s.FailRate < 0.5, s => $"fail rate {s.FailRate:P1}"));
}
