using System.Globalization;

namespace EduPlatform.EventStore;

/// <summary>
/// What the writer believes about a stream when it appends: the optimistic concurrency check.
/// A stream's version is the number of events in it (1 after the first event), so
/// <see cref="NoStream"/> is the same as <c>Exactly(0)</c>.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;
    private const long StreamExistsValue = -2;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>No check: append whatever the stream's version. Still idempotent by event id.</summary>
    public static ExpectedVersion Any { get; } = new(AnyValue);

    /// <summary>The stream must not exist yet: this append creates it.</summary>
    public static ExpectedVersion NoStream { get; } = new(0);

    /// <summary>The stream must already have at least one event.</summary>
    public static ExpectedVersion StreamExists { get; } = new(StreamExistsValue);

    /// <summary>
    /// The value sent to <c>eventstore.append_to_stream</c>: the exact version (&gt;= 0), -1 for any,
    /// -2 for "stream exists".
    /// </summary>
    public long Value { get; }

    /// <summary>The stream must have exactly <paramref name="version"/> events (0 = no stream yet).</summary>
    public static ExpectedVersion Exactly(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new ExpectedVersion(version);
    }

    /// <summary>Reads "any", "no-stream", "stream-exists" or a version number (as the demo's JSON does).</summary>
    public static bool TryParse(string? text, out ExpectedVersion expected)
    {
        expected = Any;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "any":
                return true;
            case "no-stream":
                expected = NoStream;
                return true;
            case "stream-exists":
                expected = StreamExists;
                return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expected = new ExpectedVersion(version);
            return true;
        }

        return false;
    }

    public override string ToString() => Value switch
    {
        AnyValue => "any",
        StreamExistsValue => "stream-exists",
        0 => "no-stream",
        _ => Value.ToString(CultureInfo.InvariantCulture),
    };
}
