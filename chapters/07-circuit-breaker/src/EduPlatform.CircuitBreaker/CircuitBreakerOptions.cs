namespace EduPlatform.CircuitBreaker;

/// <summary>
/// How sensitive a <see cref="CircuitBreaker"/> is. The defaults are Polly v8's, so a breaker built with
/// <c>new CircuitBreakerOptions()</c> behaves like <c>new CircuitBreakerStrategyOptions()</c> out of the box.
/// </summary>
/// <remarks>
/// The circuit opens when, within the sampling window, at least <see cref="MinimumThroughput"/> calls finished and
/// the share of them that failed is at least <see cref="FailureRatio"/>. It then stays open for
/// <see cref="BreakDuration"/>, after which one probe call decides whether it closes again.
/// </remarks>
public sealed class CircuitBreakerOptions
{
    /// <summary>Smallest sampling window or break duration accepted (the same floor as Polly's validation).</summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest sampling window or break duration accepted (the same ceiling as Polly's validation).</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromDays(1);

    /// <summary>
    /// Share of failed calls in the sampling window at or above which the circuit opens, from 0 to 1.
    /// Default: <c>0.1</c> (10 %).
    /// </summary>
    public double FailureRatio { get; init; } = 0.1;

    /// <summary>
    /// Calls that must have finished in the sampling window before the ratio is trusted: below it, even 100 %
    /// failures do not open the circuit. At least 2. Default: <c>100</c>.
    /// </summary>
    public int MinimumThroughput { get; init; } = 100;

    /// <summary>
    /// How far back outcomes count. The window is kept as ten buckets of a tenth of this each, so outcomes leave it a
    /// bucket at a time. Between 0.5 s and 1 day. Default: <c>30 s</c>.
    /// </summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the circuit stays open before it lets one probe through, and again after a failed probe.
    /// Between 0.5 s and 1 day. Default: <c>5 s</c>.
    /// </summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Which exceptions count as the dependency failing. Anything it returns false for counts as a success (the
    /// dependency answered). Default: every exception except <see cref="OperationCanceledException"/>, as in Polly:
    /// a caller giving up says nothing about the dependency.
    /// </summary>
    public Func<Exception, bool> ShouldHandle { get; init; } = static exception => exception is not OperationCanceledException;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option outside its range.</summary>
    public void Validate()
    {
        if (double.IsNaN(FailureRatio) || FailureRatio is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FailureRatio), FailureRatio, "FailureRatio must be between 0 and 1.");
        }

        if (MinimumThroughput < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumThroughput), MinimumThroughput, "MinimumThroughput must be at least 2.");
        }

        EnsureDurationInRange(SamplingDuration, nameof(SamplingDuration));
        EnsureDurationInRange(BreakDuration, nameof(BreakDuration));
        ArgumentNullException.ThrowIfNull(ShouldHandle, nameof(ShouldHandle));
    }

    private static void EnsureDurationInRange(TimeSpan value, string name)
    {
        if (value < MinimumDuration || value > MaximumDuration)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {MinimumDuration} and {MaximumDuration}.");
        }
    }
}
