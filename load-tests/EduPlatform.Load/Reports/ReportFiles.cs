namespace EduPlatform.Load.Reports;

/// <summary>The file names a run's report folder holds, in one place so writers, readers and indexes agree.</summary>
public static class ReportFiles
{
    public const string Markdown = "report.md";
    public const string Html = "report.html";
    public const string Json = "report.json";
    public const string StatsCsv = "stats.csv";
    public const string IntervalsCsv = "intervals.csv";
    public const string ThresholdsCsv = "thresholds.csv";
}
