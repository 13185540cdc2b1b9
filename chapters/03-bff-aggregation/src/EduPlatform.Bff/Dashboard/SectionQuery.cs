namespace EduPlatform.Bff.Dashboard;

/// <summary><c>?sections=profile,videos</c>: a comma-separated subset of the four sections; absent means all four.</summary>
public static class SectionQuery
{
    public const string Parameter = "sections";

    public static bool TryParse(string? value, out IReadOnlyCollection<string> sections, out string error)
    {
        error = "";
        if (value is null)
        {
            sections = DashboardSections.All;
            return true;
        }

        var names = value.Split(',', StringSplitOptions.TrimEntries);
        var unknown = names.Where(name => !DashboardSections.IsKnown(name)).ToArray();
        if (names.Length > DashboardSections.All.Count * 2 || unknown.Length > 0 || value.Length == 0)
        {
            sections = [];
            error = $"'{Parameter}' is a comma-separated list of {string.Join(", ", DashboardSections.All)}.";
            return false;
        }

        sections = names.Distinct(StringComparer.Ordinal).ToArray();
        return true;
    }
}
