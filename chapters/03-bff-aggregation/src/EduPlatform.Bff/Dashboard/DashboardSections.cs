namespace EduPlatform.Bff.Dashboard;

/// <summary>The dashboard's four sections, by the names the client sees in the answer and in the <c>Degraded</c> header.</summary>
public static class DashboardSections
{
    public const string Profile = "profile";
    public const string Courses = "courses";
    public const string Payments = "payments";
    public const string Videos = "videos";

    public static IReadOnlyList<string> All { get; } = [Profile, Courses, Payments, Videos];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
