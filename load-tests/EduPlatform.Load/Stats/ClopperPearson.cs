namespace EduPlatform.Load.Stats;

/// <summary>
/// Exact (Clopper-Pearson) one-sided confidence bounds for a failure rate. With zero failures in
/// n trials the 95% upper bound is 1 - 0.05^(1/n), about 3/n (the "rule of three"): 1,000 clean
/// requests prove availability of at least 99.7%, not 100%. Exact bounds never undercover, unlike
/// the normal approximation, which claims certainty at zero failures.
/// </summary>
public static class ClopperPearson
{
    public const string MethodName = "Clopper-Pearson exact, one-sided";

    /// <summary>The upper bound on the true failure rate, given <paramref name="failures"/> in <paramref name="trials"/>.</summary>
    public static double UpperBound(long failures, long trials, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failures);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, failures);
        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be between 0 and 1");
        }

        if (trials == 0 || failures == trials)
        {
            return 1.0;
        }

        var alpha = 1 - confidence;
        if (failures == 0)
        {
            return 1 - Math.Pow(alpha, 1.0 / trials);
        }

        // The bound p solves P(X <= failures | n, p) = alpha; that CDF falls as p rises, so bisect.
        double low = (double)failures / trials, high = 1.0;
        for (var i = 0; i < 200 && high - low > 1e-15; i++)
        {
            var mid = (low + high) / 2;
            if (BinomialCdf(failures, trials, mid) > alpha)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return high;
    }

    /// <summary>The lower bound on availability (success rate) with the same confidence.</summary>
    public static double AvailabilityLowerBound(long failures, long trials, double confidence = 0.95) =>
        trials == 0 ? 0 : 1 - UpperBound(failures, trials, confidence);

    /// <summary>P(X &lt;= k) for X ~ Binomial(n, p), through the regularized incomplete beta function.</summary>
    internal static double BinomialCdf(long k, long n, double p)
    {
        if (k >= n)
        {
            return 1;
        }

        return 1 - RegularizedIncompleteBeta(k + 1, n - k, p);
    }

    internal static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x));
        // The continued fraction converges fast only on one side of the mean; use symmetry on the other.
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * BetaContinuedFraction(a, b, x) / a
            : 1 - (Math.Exp(logFront) * BetaContinuedFraction(b, a, 1 - x) / b);
    }

    // Modified Lentz evaluation of the incomplete beta continued fraction.
    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300;
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - (qab * x / qap);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 100_000; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }

        return h;
    }

    // Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for positive arguments.
    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
