using System.Globalization;

namespace EduPlatform.Cqrs.Projections;

/// <summary>Names of a generation's schema: always built from an int, never from client text (no SQL injection through it).</summary>
public static class GenerationNames
{
    public static string Schema(int generation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(generation);
        return "readmodel_v" + generation.ToString(CultureInfo.InvariantCulture);
    }
}
