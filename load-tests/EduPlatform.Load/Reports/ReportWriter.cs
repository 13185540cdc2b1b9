namespace EduPlatform.Load.Reports;

/// <summary>Writes every requested format of one run into a folder.</summary>
public static class ReportWriter
{
    public static void Write(RunResult result, string folder, ReportFormats formats, RunResult? contrast = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        if (formats.HasFlag(ReportFormats.Json))
        {
            JsonReport.Write(result, Path.Combine(folder, ReportFiles.Json));
        }

        if (formats.HasFlag(ReportFormats.Csv))
        {
            CsvReport.Write(result, folder);
        }

        if (formats.HasFlag(ReportFormats.Markdown))
        {
            File.WriteAllText(Path.Combine(folder, ReportFiles.Markdown), MarkdownReport.Render(result, contrast));
        }

        if (formats.HasFlag(ReportFormats.Html))
        {
            File.WriteAllText(Path.Combine(folder, ReportFiles.Html), HtmlReport.Render(result, contrast));
        }
    }
}
