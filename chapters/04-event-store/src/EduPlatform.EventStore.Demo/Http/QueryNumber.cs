namespace EduPlatform.EventStore.Demo.Http;

/// <summary>A whole number in a query string, read strictly: ASCII digits only (no sign, space, NUL or exponent).</summary>
internal static class QueryNumber
{
    /// <summary>True when <paramref name="text"/> is absent (then <paramref name="absent"/>) or a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static bool TryRead(string? text, long min, long max, long absent, out long value)
    {
        value = absent;
        if (text is null)
        {
            return true;
        }

        // 18 digits always fit a long, so the loop cannot overflow.
        if (text.Length is 0 or > 18 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = text.Aggregate(0L, (number, digit) => (number * 10) + (digit - '0'));
        return value >= min && value <= max;
    }
}
