using Xunit;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// Where a hosted app's log lines go: the current xunit test's output (when a test is running on
/// this async flow) and, in addition, an optional sink the caller supplies (to assert on log lines,
/// or to keep logs of an app started by a fixture outside any test).
/// </summary>
public sealed class LogSink
{
    private readonly Action<string>? _extra;
    private readonly bool _toTestOutput;

    /// <param name="extra">Also receives every line, whether or not a test is running.</param>
    /// <param name="toTestOutput">Write to the current test's output when there is one.</param>
    public LogSink(Action<string>? extra = null, bool toTestOutput = true)
    {
        _extra = extra;
        _toTestOutput = toTestOutput;
    }

    /// <summary>A sink that drops every line.</summary>
    public static LogSink None { get; } = new(extra: null, toTestOutput: false);

    public void WriteLine(string line)
    {
        _extra?.Invoke(line);
        if (!_toTestOutput)
        {
            return;
        }

        // TestContext flows with the async context: logs written on behalf of a test reach that
        // test's output; logs after it finished (or from a fixture's app) have no helper.
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test this flow belonged to has finished; its output is closed.
        }
    }
}
