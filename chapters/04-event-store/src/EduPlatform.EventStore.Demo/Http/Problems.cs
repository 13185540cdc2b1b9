namespace EduPlatform.EventStore.Demo.Http;

/// <summary>The demo's RFC 9457 problem types: one URI per rule, so a client can branch on <c>type</c>.</summary>
public static class Problems
{
    private const string Base = "https://eduplatform.example/problems/";

    public const string InvalidStreamId = Base + "invalid-stream-id";
    public const string UnknownEventType = Base + "unknown-event-type";
    public const string EventTooLarge = Base + "event-too-large";
    public const string InvalidAppend = Base + "invalid-append";
    public const string InvalidEventContent = Base + "invalid-event-content";
    public const string InvalidRequest = Base + "invalid-request";
    public const string WrongExpectedVersion = Base + "wrong-expected-version";
    public const string EventIdsReused = Base + "event-ids-reused";
    public const string Internal = Base + "internal";

    public static IResult Invalid(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail, type: InvalidRequest);
}
