namespace EduPlatform.EventStore.Demo;

/// <summary>The demo's configuration keys, spelled once: the app reads them, a host that starts the demo sets them.</summary>
public static class DemoConfiguration
{
    /// <summary>The connection string's name (<c>ConnectionStrings:EventStore</c>; in the environment <c>ConnectionStrings__EventStore</c>).</summary>
    public const string ConnectionStringName = "EventStore";

    /// <summary>The full configuration key of <see cref="ConnectionStringName"/>.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;
}
