using System.Diagnostics;

namespace EduPlatform.Harness.Waiting;

/// <summary>
/// Waits for something asynchronous to become true (a subscription's delivery, a process's exit, a saga's end)
/// without a fixed sleep: polls every 20 ms until the condition holds, and fails with what it was waiting for when
/// it has not held within the limit (default 20 s: generous, because a loaded 2-core machine is slow, and a wait
/// that passes never costs more than the condition takes). It is not a timing assertion: the limit only decides when
/// to stop waiting for something that may never happen. Cancelled with the running test
/// (<see cref="CurrentTest.Cancellation"/>); outside a test only the limit ends it.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return HoldsAsync(() => Task.FromResult(condition()), what, within);
    }

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = within ?? DefaultLimit;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit.TotalSeconds:0.#} s until {what}, and it never held");
            }

            await Task.Delay(Poll, CurrentTest.Cancellation);
        }
    }

    /// <summary>Waits until <paramref name="read"/> returns a value that satisfies <paramref name="accept"/>, and returns it.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> accept, string what, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(accept);
        T last = default!;
        await HoldsAsync(async () => accept(last = await read()), what, within);
        return last;
    }
}
