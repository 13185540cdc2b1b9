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
            return Problems.Invalid("expectedVersion must be \"any\", \"no-stream\", \"stream-exists\" or a version number >= 0.");
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

    private static async Task<IResult> ReadStreamAsync(
        string streamId, string? direction, long? from, int? count, PostgresEventStore store, CancellationToken cancellationToken)
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

        if (count is < 1 or > MaxReadCount || from is < 0)
        {
            return Problems.Invalid($"count must be 1-{MaxReadCount} and from must be >= 0.");
        }

        var start = from ?? (readDirection == ReadDirection.Forward ? StreamVersion.Start : StreamVersion.End);
        var events = await store.ReadStreamAsync(stream, readDirection.Value, start, count ?? 100, cancellationToken);
        return Results.Ok(events.Select(EventResponse.From));
    }

    private static async Task<IResult> ReadAllAsync(long? after, int? count, PostgresEventStore store, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxReadCount || after is < 0)
        {
            return Problems.Invalid($"count must be 1-{MaxReadCount} and after must be >= 0.");
        }

        var events = await store.ReadAllForwardAsync(after ?? 0, count ?? 100, cancellationToken);
        return Results.Ok(events.Select(EventResponse.From));
    }

    private static bool TryReadExpectedVersion(JsonElement? element, out ExpectedVersion expected)
    {
        expected = ExpectedVersion.Any;
        return element?.ValueKind switch
        {
            JsonValueKind.String => ExpectedVersion.TryParse(element.Value.GetString(), out expected),
            JsonValueKind.Number when element.Value.TryGetInt64(out var version) && version >= 0 =>
                ExpectedVersion.TryParse(version.ToString(System.Globalization.CultureInfo.InvariantCulture), out expected),
            _ => false,
        };
    }
}
