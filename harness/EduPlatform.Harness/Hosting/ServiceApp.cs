using System.Reflection;
using Microsoft.AspNetCore.Builder;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// What to host: an ASP.NET Core app, described so the harness can start it in process, out of
/// process, or both. Pass it to <see cref="ServiceHost.StartAsync"/>.
/// </summary>
public sealed class ServiceApp
{
    private ServiceApp(string name, InProcessLauncher? inProcess, Assembly? entryAssembly)
    {
        Name = name;
        InProcess = inProcess;
        EntryAssembly = entryAssembly;
    }

    /// <summary>Used in instance names and log prefixes (<c>name#1</c>).</summary>
    public string Name { get; }

    internal InProcessLauncher? InProcess { get; }

    /// <summary>The app's executable assembly: what <c>dotnet</c> runs out of process.</summary>
    internal Assembly? EntryAssembly { get; }

    /// <summary>
    /// The app whose entry point lives in <typeparamref name="TEntryPoint"/>'s assembly (any public
    /// type there will do; usually <c>public partial class Program</c>). In process it starts through
    /// WebApplicationFactory on Kestrel, so the test project must reference
    /// Microsoft.AspNetCore.Mvc.Testing (it copies the app's .deps.json); out of process it runs the
    /// assembly with <c>dotnet</c>.
    /// </summary>
    public static ServiceApp FromEntryPoint<TEntryPoint>(string? name = null) where TEntryPoint : class =>
        new(name ?? ShortName(typeof(TEntryPoint).Assembly), new InProcessLauncher.FromEntryPoint<TEntryPoint>(),
            typeof(TEntryPoint).Assembly);

    /// <summary>
    /// In process the app is built by <paramref name="build"/>: no reflection over the entry point,
    /// no .deps.json lookup, overrides passed as command-line arguments. Out of process the harness
    /// runs <typeparamref name="TEntryPoint"/>'s assembly.
    /// </summary>
    public static ServiceApp FromBuild<TEntryPoint>(BuildWebApplication build, string? name = null) where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(build);
        return new ServiceApp(name ?? ShortName(typeof(TEntryPoint).Assembly), new InProcessLauncher.FromBuildDelegate(build),
            typeof(TEntryPoint).Assembly);
    }

    /// <summary>An app built by <paramref name="build"/>; in process only.</summary>
    public static ServiceApp FromBuild(string name, BuildWebApplication build)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(build);
        return new ServiceApp(name, new InProcessLauncher.FromBuildDelegate(build), entryAssembly: null);
    }

    /// <summary>
    /// A small app written inside a test: <paramref name="configureBuilder"/> registers services,
    /// <paramref name="configureApp"/> maps endpoints. In process only.
    /// </summary>
    public static ServiceApp Create(string name, Action<WebApplicationBuilder> configureBuilder, Action<WebApplication> configureApp)
    {
        ArgumentNullException.ThrowIfNull(configureBuilder);
        ArgumentNullException.ThrowIfNull(configureApp);
        return FromBuild(name, (args, configure) =>
        {
            var builder = WebApplication.CreateBuilder(args);
            configureBuilder(builder);
            configure(builder);
            var app = builder.Build();
            configureApp(app);
            return app;
        });
    }

    public override string ToString() => Name;

    private static string ShortName(Assembly assembly)
    {
        var full = assembly.GetName().Name ?? "app";
        return full[(full.LastIndexOf('.') + 1)..].ToLowerInvariant();
    }
}
