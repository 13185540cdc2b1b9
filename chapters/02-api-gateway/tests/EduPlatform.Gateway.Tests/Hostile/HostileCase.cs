namespace EduPlatform.Gateway.Tests.Hostile;

/// <summary>
/// One hostile request to the gateway's HTTP surface: which part of the surface it attacks, what it is, the exact
/// bytes sent (built from the suite's tokens), and who answers it with which status.
/// </summary>
public sealed record HostileCase(string Surface, string Name, Func<HostileTokens, byte[]> Request, Answerer By, int Status);

/// <summary>Who answers a hostile request, which decides what its answer must look like.</summary>
public enum Answerer
{
    /// <summary>The gateway refuses it: a problem of its own (problem+json, X-Gateway, correlation id); no service sees it.</summary>
    Gateway,

    /// <summary>The gateway forwards it intact and the service refuses it: the service's 4xx problem+json passes through.</summary>
    Service,

    /// <summary>Kestrel refuses it before the gateway runs: its status with an empty body (README, "What the web server answers itself").</summary>
    WebServer,
}

/// <summary>The tokens hostile requests carry: a valid one (to reach what sits behind authentication) and an expired one.</summary>
public sealed record HostileTokens(string Valid, string Expired);
