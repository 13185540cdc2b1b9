namespace EduPlatform.Platform.Testing;

/// <summary>How the platform is deployed: every module in one process, or each module in its own.</summary>
public enum PlatformShape
{
    /// <summary>One host serving every module (<c>Platform:Modules=all</c>), each module still on its own database.</summary>
    Monolith,

    /// <summary>One host per module, each given only its own database; all but Users validate tokens with the Users JWKS.</summary>
    Services,
}
