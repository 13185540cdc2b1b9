using EduPlatform.Harness.Identities;

namespace EduPlatform.Gateway.Testing;

/// <summary>
/// A thousand learners, each with a bearer token of its own from the test issuer, so that load spread over them is
/// load from a thousand clients: the gateway's per-client budget (100 per 15 minutes) is never what a claim measures.
/// </summary>
public sealed class LearnerTokens
{
    public const int Count = 1000;

    private readonly string[] _tokens;

    internal LearnerTokens(TestTokenIssuer issuer) =>
        _tokens = Enumerable.Range(0, Count)
            .Select(_ => issuer.CreateToken(new TestTokenRequest { Subject = Guid.NewGuid().ToString(), Roles = ["learner"], Lifetime = TimeSpan.FromHours(2) }))
            .ToArray();

    /// <summary>The token of learner <c>number % 1000</c>.</summary>
    public string Of(long number) => _tokens[number % Count];

    /// <summary>GET <paramref name="path"/> on <paramref name="host"/> as learner <paramref name="number"/>.</summary>
    public HttpRequestMessage Get(Uri host, string path, long number)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host, path));
        request.Headers.Authorization = new("Bearer", Of(number));
        return request;
    }
}
