namespace EduPlatform.Prove.Cli;

/// <summary>The workbook's root: the folder holding EduPlatform.Workbook.sln, searched upwards from here.</summary>
public static class RepositoryRoot
{
    public static string? TryFind(string? from = null)
    {
        for (var dir = new DirectoryInfo(from ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EduPlatform.Workbook.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static string Find(string? from = null) =>
        TryFind(from) ?? throw new InvalidOperationException("run this inside the workbook: no EduPlatform.Workbook.sln in this folder or above it");
}
