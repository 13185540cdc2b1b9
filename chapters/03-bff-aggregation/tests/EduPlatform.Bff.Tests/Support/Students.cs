using EduPlatform.Bff.Dashboard;

namespace EduPlatform.Bff.Tests.Support;

/// <summary>Students no other test uses, so a cache entry of one test is never another's.</summary>
internal static class Students
{
    public static string New(string name = "student") => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)];

    public static Dictionary<string, TimeSpan> AllSections(TimeSpan freshness) =>
        DashboardSections.All.ToDictionary(section => section, _ => freshness);
}
