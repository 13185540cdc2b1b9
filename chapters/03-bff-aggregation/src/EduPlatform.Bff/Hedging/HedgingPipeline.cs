using Polly;
using Polly.Hedging;

namespace EduPlatform.Bff.Hedging;

/// <summary>
/// Polly's hedging strategy for the one leg whose tail is worst: if the first call has not answered after the delay (or
/// has failed), a second, identical call is sent, when the <see cref="HedgeBudget"/> allows it, and the first answer wins;
/// Polly cancels the loser, so no hedged call outlives the request. Only for idempotent GETs: two may both arrive.
/// </summary>
public static class HedgingPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Create(TimeSpan delay, HedgeBudget budget, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddHedging(new HedgingStrategyOptions<HttpResponseMessage>
            {
                MaxHedgedAttempts = 1,
                Delay = delay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(response => (int)response.StatusCode >= 500),
                // Returning null sends no hedge: the budget, not the latency, has the last word.
                ActionGenerator = args => budget.TrySpend() ? () => args.Callback(args.ActionContext) : null,
            })
            .Build();
    }
}
