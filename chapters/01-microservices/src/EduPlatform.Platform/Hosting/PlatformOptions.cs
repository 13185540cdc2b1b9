namespace EduPlatform.Platform.Hosting;

/// <summary>The host's settings, section <c>Platform</c>. Every default is stated here and in the README.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary><c>all</c> (the monolith) or a comma list of module names (a service), e.g. <c>courses</c>.</summary>
    public string Modules { get; set; } = "all";

    /// <summary>Sent as <c>X-Served-By</c> on every response, so a balancer's choice is visible. Default: machine name and process id.</summary>
    public string? InstanceName { get; set; }

    /// <summary>Largest request body Kestrel accepts; larger ones get 413. Default 64 KiB: no endpoint needs more.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long in-flight requests may finish after SIGTERM before the host stops anyway. Default 25 s (under Kubernetes' 30 s grace).</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 25;

    /// <summary>How long startup waits for each module's database to answer before giving up. Default 30 s.</summary>
    public int DatabaseWaitSeconds { get; set; } = 30;

    /// <summary>Write one structured access-log line per request. Default true.</summary>
    public bool AccessLog { get; set; } = true;

    /// <summary>
    /// The configuration keys of this section, as a command line (<c>--Platform:Modules=courses</c>), an environment
    /// variable (<c>Platform__Modules</c>) or a test host spells them: code outside this project names a setting
    /// through these, never through a string of its own.
    /// </summary>
    public static class Keys
    {
        public const string Modules = Section + ":" + nameof(PlatformOptions.Modules);
        public const string InstanceName = Section + ":" + nameof(PlatformOptions.InstanceName);
        public const string MaxRequestBodyBytes = Section + ":" + nameof(PlatformOptions.MaxRequestBodyBytes);
        public const string ShutdownTimeoutSeconds = Section + ":" + nameof(PlatformOptions.ShutdownTimeoutSeconds);
        public const string DatabaseWaitSeconds = Section + ":" + nameof(PlatformOptions.DatabaseWaitSeconds);
        public const string AccessLog = Section + ":" + nameof(PlatformOptions.AccessLog);
    }

    public static PlatformOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<PlatformOptions>() ?? new PlatformOptions();
        if (options.MaxRequestBodyBytes <= 0 || options.ShutdownTimeoutSeconds < 0 || options.DatabaseWaitSeconds < 0)
        {
            throw new PlatformConfigurationException(
                $"{Keys.MaxRequestBodyBytes} must be positive; {Keys.ShutdownTimeoutSeconds} and {Keys.DatabaseWaitSeconds} must not be negative.");
        }

        options.InstanceName ??= $"{Environment.MachineName}-{Environment.ProcessId}";
        return options;
    }
}
