using EduPlatform.Platform.Testing;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>Theory data for a spec that must hold in both shapes: <c>[Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]</c>.</summary>
public static class EveryShape
{
    public static TheoryData<PlatformShape> Shapes => [PlatformShape.Monolith, PlatformShape.Services];
}
