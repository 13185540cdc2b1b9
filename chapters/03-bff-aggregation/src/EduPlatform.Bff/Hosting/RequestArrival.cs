namespace EduPlatform.Bff.Hosting;

/// <summary>
/// When a request arrived, stamped by the pipeline's first middleware on the app's clock: the dashboard deadline counts
/// from here, so the time spent validating the token is spent from the same budget.
/// </summary>
public static class RequestArrival
{
    private static readonly object Key = new();

    public static IApplicationBuilder UseRequestArrival(this IApplicationBuilder app, TimeProvider clock) =>
        app.Use((context, next) =>
        {
            context.Items[Key] = clock.GetTimestamp();
            return next(context);
        });

    public static long Of(HttpContext context, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clock);
        return context.Items.TryGetValue(Key, out var stamp) && stamp is long arrivedAt ? arrivedAt : clock.GetTimestamp();
    }
}
