namespace EduPlatform.Platform.Hosting;

/// <summary>
/// One business capability of EduPlatform (users, courses, videos, payments). A module owns its
/// routes and its database, and nothing else: it never reads another module's tables or calls
/// another module's code. That is what lets the same module run inside the monolith or alone as a
/// service without a line of it changing.
/// </summary>
public interface IPlatformModule
{
    /// <summary>The name used in <c>Platform:Modules</c> and <c>ConnectionStrings:{Name}</c>, e.g. <c>courses</c>.</summary>
    string Name { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);

    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
