using Microsoft.AspNetCore.Builder;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// An app's composition as code: create the builder from <paramref name="args"/>, register the
/// app's services, call <paramref name="configure"/> (the host's chance to adjust Kestrel, logging
/// and services, after the app's registrations and before <c>Build()</c>), build, map endpoints.
/// A chapter app exposes one as <c>XxxApp.Build(string[] args, Action&lt;WebApplicationBuilder&gt;? configure = null)</c>
/// and its <c>Program.cs</c> is <c>XxxApp.Build(args).Run();</c>.
/// </summary>
public delegate WebApplication BuildWebApplication(string[] args, Action<WebApplicationBuilder> configure);
