namespace EduPlatform.Saga.Host.Http;

/// <summary>The problem types this API answers with (RFC 9457 <c>type</c>).</summary>
public static class ProblemTypes
{
    public const string InvalidRequest = "https://eduplatform.example/problems/invalid-request";
    public const string NotFound = "https://eduplatform.example/problems/not-found";
    public const string AlreadyRetried = "https://eduplatform.example/problems/dead-letter-already-retried";
    public const string Internal = "https://eduplatform.example/problems/internal";
    public const string NotServedHere = "https://eduplatform.example/problems/not-served-here";
}
