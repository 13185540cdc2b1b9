namespace EduPlatform.Load.Thresholds;

/// <summary>What a k6-style threshold string can measure. Latencies are of ok iterations, in milliseconds.</summary>
internal enum ThresholdMetric
{
    /// <summary><c>p(N)</c>: the Nth percentile of ok latency.</summary>
    Percentile,

    /// <summary><c>avg</c></summary>
    Average,

    /// <summary><c>med</c>: same as p(50).</summary>
    Median,

    /// <summary><c>min</c></summary>
    Minimum,

    /// <summary><c>max</c></summary>
    Maximum,

    /// <summary><c>stddev</c></summary>
    StandardDeviation,

    /// <summary><c>rate</c>: the failure rate, as k6's http_req_failed.</summary>
    FailRate,

    /// <summary><c>ok_rate</c>: the success rate, as k6's checks.</summary>
    OkRate,

    /// <summary><c>count</c>: all completed iterations.</summary>
    Count,

    /// <summary><c>fail_count</c></summary>
    FailCount,

    /// <summary><c>rps</c>: completed iterations per second.</summary>
    Rps,

    /// <summary><c>dropped_rate</c>: open-model arrivals that never started, over all intended.</summary>
    DroppedRate,

    /// <summary><c>late_rate</c>: open-model starts later than the late tolerance.</summary>
    LateRate,

    /// <summary><c>availability_lb</c>: the 95% lower confidence bound on availability (Clopper-Pearson).</summary>
    AvailabilityLowerBound,
}
