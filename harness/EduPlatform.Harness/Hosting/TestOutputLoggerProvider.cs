using System.Text;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// An <see cref="ILoggerProvider"/> that writes an in-process app's logs, one line per entry
/// (plus the exception, if any), to a <see cref="LogSink"/>: the test output by default.
/// </summary>
public sealed class TestOutputLoggerProvider : ILoggerProvider
{
    private readonly LogSink _sink;
    private readonly string _source;

    /// <param name="sink">Where lines go.</param>
    /// <param name="source">Prefix that says which app instance wrote the line, e.g. <c>catalog#1</c>.</param>
    public TestOutputLoggerProvider(LogSink sink, string source)
    {
        _sink = sink;
        _source = source;
    }

    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(_sink, _source, categoryName);

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(LogSink sink, string source, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = new StringBuilder()
                .Append('[').Append(source).Append("] ")
                .Append(ShortName(logLevel)).Append(' ')
                .Append(category).Append(": ")
                .Append(formatter(state, exception));
            if (exception is not null)
            {
                line.AppendLine().Append(exception);
            }

            sink.WriteLine(line.ToString());
        }

        private static string ShortName(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            LogLevel.Critical => "crit",
            _ => "none",
        };
    }
}
