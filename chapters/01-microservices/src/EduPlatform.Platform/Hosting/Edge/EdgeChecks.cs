namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>
/// The checks every request passes before a module sees it: hostile input is refused where it enters, with a 400
/// problem, instead of failing somewhere inside (a 500 from the database) or, worse, being half understood.
/// </summary>
public static class EdgeChecks
{
    /// <summary>Before routing: the request line itself.</summary>
    public static IApplicationBuilder UseRequestLineChecks(this IApplicationBuilder app) =>
        app.UseMiddleware<CaseSensitiveMethods>().UseMiddleware<NoControlCharactersInUrl>();

    /// <summary>After routing, before the endpoint: the body of an endpoint that takes none is read whole first.</summary>
    public static IApplicationBuilder UseBodyChecks(this IApplicationBuilder app) => app.UseMiddleware<ReadWholeBodyFirst>();
}
