namespace EduPlatform.Bff.Hedging;

/// <summary>
/// How many hedged (second) calls may be sent: every first call earns <c>ratio</c> of one, a hedge spends one, and a
/// hedge is sent only while a whole one is saved. So over any stretch of traffic hedges stay at most <c>ratio</c> times
/// the first calls (plus the small <c>burst</c> saved while all was well), even when every call is slow, which is
/// exactly when unbounded hedging would double the load on a struggling downstream. The shape of Finagle's retry budget.
/// </summary>
public sealed class HedgeBudget
{
    // Balance in thousandths of a hedge, so deposits and withdrawals are plain atomic integer adds.
    private const long One = 1000;
    private readonly long _deposit;
    private readonly long _cap;
    private long _balance;
    private long _firstCalls;
    private long _hedges;
    private long _refused;

    /// <param name="ratio">Hedges per first call, 0 to 1 (0.1: at most 10% extra calls).</param>
    /// <param name="burst">The most hedges that can be saved up while no hedge is needed. Default 10.</param>
    public HedgeBudget(double ratio, int burst = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratio, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratio, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        _deposit = (long)Math.Round(ratio * One);
        _cap = Math.Max(burst * One, One);
    }

    public long FirstCalls => Interlocked.Read(ref _firstCalls);

    public long Hedges => Interlocked.Read(ref _hedges);

    /// <summary>Hedges the budget refused: a slow call that had to wait for its first attempt alone.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>A first call is being sent: it earns its share of a hedge.</summary>
    public void RecordFirstCall()
    {
        Interlocked.Increment(ref _firstCalls);
        var balance = Interlocked.Add(ref _balance, _deposit);
        if (balance > _cap)
        {
            // Clamp; a concurrent deposit may slip past by one deposit, which the next one corrects.
            Interlocked.CompareExchange(ref _balance, _cap, balance);
        }
    }

    /// <summary>Takes one hedge from the budget if a whole one is saved.</summary>
    public bool TrySpend()
    {
        while (true)
        {
            var balance = Interlocked.Read(ref _balance);
            if (balance < One)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            if (Interlocked.CompareExchange(ref _balance, balance - One, balance) == balance)
            {
                Interlocked.Increment(ref _hedges);
                return true;
            }
        }
    }
}
