namespace EduPlatform.Load;

/// <summary>Process exit codes, following k6: 0 all thresholds passed, 99 a threshold failed, anything else an engine error.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int EngineError = 1;
    public const int UsageError = 2;
    public const int ThresholdsFailed = 99;
}
