using Yarp.ReverseProxy.Configuration;

namespace EduPlatform.Gateway.Configuration;

/// <summary>
/// The keys of YARP's section, <c>ReverseProxy</c>, that a deployment sets beside appsettings.json (each cluster's
/// destinations, its health-check pace, a route's limiter), and the ids of the routes and clusters appsettings.json
/// defines. Whoever configures the gateway from outside (an environment, a test, a claim) builds its keys here, so a
/// renamed route or cluster breaks the build instead of silently configuring nothing.
/// </summary>
public static class ReverseProxyKeys
{
    public const string Section = "ReverseProxy";

    // The two collections YARP's configuration loader reads from the section.
    private const string Clusters = "Clusters";
    private const string Routes = "Routes";

    /// <summary><c>ReverseProxy:Clusters:{cluster}:Destinations:{destination}:Address</c>.</summary>
    public static string DestinationAddress(string cluster, string destination) =>
        ConfigurationPath.Combine(Section, Clusters, cluster, nameof(ClusterConfig.Destinations), destination, nameof(DestinationConfig.Address));

    /// <summary><c>ReverseProxy:Clusters:{cluster}:HealthCheck:Active:{setting}</c>, a property of <see cref="ActiveHealthCheckConfig"/>.</summary>
    public static string ActiveHealthCheck(string cluster, string setting) =>
        ConfigurationPath.Combine(Section, Clusters, cluster, nameof(ClusterConfig.HealthCheck), nameof(HealthCheckConfig.Active), setting);

    /// <summary><c>ReverseProxy:Clusters:{cluster}:HealthCheck:Passive:{setting}</c>, a property of <see cref="PassiveHealthCheckConfig"/>.</summary>
    public static string PassiveHealthCheck(string cluster, string setting) =>
        ConfigurationPath.Combine(Section, Clusters, cluster, nameof(ClusterConfig.HealthCheck), nameof(HealthCheckConfig.Passive), setting);

    /// <summary>YARP's reserved <c>RateLimiterPolicy</c> value that switches a route's limiter off.</summary>
    public const string NoRateLimiter = "Disable";

    /// <summary><c>ReverseProxy:Routes:{route}:RateLimiterPolicy</c>.</summary>
    public static string RateLimiterPolicy(string route) =>
        ConfigurationPath.Combine(Section, Routes, route, nameof(RouteConfig.RateLimiterPolicy));

    /// <summary>The clusters appsettings.json defines (chapter 01's four services); a deployment supplies their destinations.</summary>
    public static class ClusterIds
    {
        public const string Users = "users";
        public const string Courses = "courses";
        public const string Videos = "videos";
        public const string Payments = "payments";

        public static IReadOnlyList<string> All { get; } = [Users, Courses, Videos, Payments];
    }

    /// <summary>The routes appsettings.json defines that code outside it names.</summary>
    public static class RouteIds
    {
        /// <summary><c>POST /api/auth/{**rest}</c> to Users' <c>/auth/{**rest}</c>: login, anonymous, on the login budget.</summary>
        public const string Auth = "auth";

        /// <summary><c>GET /api/courses/{id:int?}</c>: the anonymous catalogue.</summary>
        public const string CoursesCatalogue = "courses-catalogue";
    }
}
