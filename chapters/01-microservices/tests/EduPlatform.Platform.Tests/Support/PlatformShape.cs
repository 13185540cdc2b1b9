namespace EduPlatform.Platform.Tests.Support;

/// <summary>How the platform is deployed: every module in one process, or each module in its own.</summary>
public enum PlatformShape
{
    Monolith,
    Services,
}
