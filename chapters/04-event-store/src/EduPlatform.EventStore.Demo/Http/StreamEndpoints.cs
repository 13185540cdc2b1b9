using System.Text.Json;

namespace EduPlatform.EventStore.Demo.Http;

/// <summary>The store over HTTP: append to a stream, read a stream, read everything in global order.</summary>
public static class StreamEndpoints
{
    private const int MaxReadCount = 1_000;

    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/streams/{streamId}", AppendAsync);
        app.MapGet("/streams/{streamId}", ReadStreamAsync);
        app.MapGet("/all", ReadAllAsync);
        return app;
    }

    private static async Task<IResult> AppendAsync(string streamId, AppendRequest? request, PostgresEventStore store, CancellationToken cancellationToken)
    {
        var stream = StreamId.Parse(streamId);
        if (request is null)
        {
            return Problems.Invalid("The body must be a JSON object with expectedVersion and events.");
        }

        if (!TryReadExpectedVersion(request.ExpectedVersion, out var expected))
        {
            return Problems.Invalid("expectedVersion must be \"any\", \"no-stream\", \"stream-exists\" or a version: a JSON number >= 0.");
        }

        if (request.Events is null or [])
        {
            return Problems.Invalid("events must be a non-empty array.");
        }

        // Every event is checked and converted before anything is appended: one bad event, nothing written.
        var events = new List<NewEvent>(request.Events.Count);
        for (var i = 0; i < request.Events.Count; i++)
        {
            var item = request.Events[i];
            if (item?.EventId is not { } eventId || eventId == Guid.Empty)
            {
                return Problems.Invalid($"events[{i}].eventId is required (a UUID the client chooses, so a retry is recognised).");
            }

            if (string.IsNullOrWhiteSpace(item.Type))
            {
                return Problems.Invalid($"events[{i}].type is required.");
            }

            // Checked here rather than left to the registry: its exception speaks to the developer, and the
            // client's text is not echoed back (it may be long or hostile).
            if (!store.Types.EventTypeNames.Contains(item.Type))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Unknown event type",
                    detail: $"events[{i}].type is not an event type of this store; the types are: {string.Join(", ", store.Types.EventTypeNames)}.",
                    type: Problems.UnknownEventType);
            }

            if (item.Data is not { ValueKind: JsonValueKind.Object } data)
            {
                return Problems.Invalid($"events[{i}].data must be a JSON object.");
            }

            var type = store.Types.TypeOf(item.Type);
            var value = data.Deserialize(type, store.Types.SerializerOptions)!;
            events.Add(new NewEvent(value, eventId, item.Metadata));
        }

        var result = await store.AppendToStreamAsync(stream, expected, events, cancellationToken);
        return result.Outcome switch
        {
            AppendOutcome.Appended or AppendOutcome.AlreadyAppended => Results.Ok(new AppendResponse(
                result.Outcome == AppendOutcome.Appended ? "appended" : "already-appended",
                result.StreamVersion, result.FirstPosition!.Value, result.LastPosition!.Value)),
            AppendOutcome.WrongExpectedVersion => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Wrong expected version",
                detail: $"The stream is at version {result.StreamVersion}, not {expected}: read it again, decide again, retry.",
                type: Problems.WrongExpectedVersion,
                extensions: new Dictionary<string, object?> { ["expectedVersion"] = expected.ToString(), ["actualVersion"] = result.StreamVersion }),
            _ => Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Event ids reused",
                detail: "Some of these event ids are stored already, but not as this same append (another stream, order or content); use new ids for new events.",
                type: Problems.EventIdsReused),
        };
    }

    // Query values are taken as text and read by QueryNumber: the framework's number binding takes " 5", "+5" and
    // "1\0" (a trailing NUL) for numbers, and names the handler's parameters in its error message.
    private static async Task<IResult> ReadStreamAsync(
        string streamId, string? direction, string? from, string? count, PostgresEventStore store, CancellationToken cancellationToken)
    {
        var stream = StreamId.Parse(streamId);
        ReadDirection? readDirection = direction?.ToLowerInvariant() switch
        {
            null or "forward" => ReadDirection.Forward,
            "backward" => ReadDirection.Backward,
            _ => null,
        };
        if (readDirection is null)
        {
            return Problems.Invalid("direction must be forward or backward.");
        }

        var defaultStart = readDirection == ReadDirection.Forward ? StreamVersion.Start : StreamVersion.End;
        if (!QueryNumber.TryRead(count, 1, MaxReadCount, 100, out var maxCount) || !QueryNumber.TryRead(from, 0, long.MaxValue, defaultStart, out var start))
        {
            return Problems.Invalid($"count must be a whole number 1-{MaxReadCount} and from a whole number >= 0.");
        }

        var events = await store.ReadStreamAsync(stream, readDirection.Value, start, (int)maxCount, cancellationToken);
        return Results.Ok(events.Select(EventResponse.From));
    }

    private static async Task<IResult> ReadAllAsync(string? after, string? count, PostgresEventStore store, CancellationToken cancellationToken)
    {
        if (!QueryNumber.TryRead(count, 1, MaxReadCount, 100, out var maxCount) || !QueryNumber.TryRead(after, 0, long.MaxValue, 0, out var afterPosition))
        {
            return Problems.Invalid($"count must be a whole number 1-{MaxReadCount} and after a whole number >= 0.");
        }

        var events = await store.ReadAllForwardAsync(afterPosition, (int)maxCount, cancellationToken);
        return Results.Ok(events.Select(EventResponse.From));
    }

    /// <summary>
    /// A version is a JSON number; a string is one of the three words, compared as raw JSON: <c>GetString</c> throws on
    /// a lone surrogate such as <c>"\ud800"</c>, and <c>"3"</c> is a number sent as a string, refused like any wrong type.
    /// </summary>
    private static bool TryReadExpectedVersion(JsonElement? element, out ExpectedVersion expected)
    {
        expected = ExpectedVersion.Any;
        switch (element?.ValueKind)
        {
            case JsonValueKind.Number when element.Value.TryGetInt64(out var version) && version >= 0:
                expected = ExpectedVersion.Exactly(version);
                return true;
            case JsonValueKind.String:
                var word = element.Value.GetRawText() switch
                {
                    "\"any\"" => ExpectedVersion.Any,
                    "\"no-stream\"" => ExpectedVersion.NoStream,
                    "\"stream-exists\"" => ExpectedVersion.StreamExists,
                    _ => (ExpectedVersion?)null,
                };
                expected = word ?? expected;
                return word is not null;
            default:
                return false;
        }
    }
}
