using System.Text.Json;

namespace EduPlatform.StandIns;

/// <summary>
/// One stand-in instance:
/// <list type="bullet">
/// <item><c>/api/videos/**</c>: capacity-bound. At most <see cref="StandInOptions.Slots"/> requests are
/// worked on at once, each holding its slot for <see cref="StandInOptions.CostMilliseconds"/> of
/// non-CPU waiting; the rest queue. Its throughput is <c>Slots / Cost</c> whatever the CPU does,
/// so on a 2-core machine adding instances adds capacity that CPU alone would not.</item>
/// <item>anything else (<c>/api/courses/**</c>, ...): answered at once with the same body.</item>
/// <item><c>/health/live</c>, <c>/health/ready</c>: 200, for the gateway's probes and the harness.</item>
/// </list>
/// </summary>
public sealed class StandInApp
{
    private StandInApp()
    {
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var options = builder.Configuration.GetSection(StandInOptions.Section).Get<StandInOptions>() ?? new StandInOptions();
        configure?.Invoke(builder);
        var app = builder.Build();

        var slots = new SemaphoreSlim(options.Slots, options.Slots);
        var cost = TimeSpan.FromMilliseconds(options.CostMilliseconds);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { instance = options.InstanceName, padding = new string('x', Math.Max(0, options.BodyBytes - 40)) });

        app.Use((context, next) =>
        {
            context.Response.Headers["X-Served-By"] = options.InstanceName;
            return next(context);
        });
        app.MapGet("/health/live", () => Results.Ok());
        app.MapGet("/health/ready", () => Results.Ok());
        app.Map("/api/videos/{**rest}", async (HttpContext context) =>
        {
            await slots.WaitAsync(context.RequestAborted);
            try
            {
                await Task.Delay(cost, context.RequestAborted);
            }
            finally
            {
                slots.Release();
            }

            return Results.Bytes(body, "application/json");
        });
        app.MapFallback(() => Results.Bytes(body, "application/json"));
        return app;
    }
}
