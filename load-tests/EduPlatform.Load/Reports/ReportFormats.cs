namespace EduPlatform.Load;

[Flags]
public enum ReportFormats
{
    None = 0,
    Markdown = 1,
    Csv = 2,
    Json = 4,
    Html = 8,
    All = Markdown | Csv | Json | Html,
}
