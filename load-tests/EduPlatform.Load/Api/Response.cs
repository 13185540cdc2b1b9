namespace EduPlatform.Load;

/// <summary>
/// The outcome of one scenario iteration or one step, as in NBomber: ok or fail, a status code
/// (HTTP status or any label), the bytes moved and an optional message.
/// </summary>
public class Response
{
    internal Response(bool isError, string statusCode, long sizeBytes, string? message)
    {
        IsError = isError;
        StatusCode = statusCode;
        SizeBytes = sizeBytes;
        Message = message;
    }

    public bool IsError { get; }

    public string StatusCode { get; }

    public long SizeBytes { get; }

    public string? Message { get; }

    public static Response Ok(string statusCode = "ok", long sizeBytes = 0, string? message = null) =>
        new(false, statusCode, sizeBytes, message);

    public static Response Fail(string statusCode = "fail", long sizeBytes = 0, string? message = null) =>
        new(true, statusCode, sizeBytes, message);

    /// <summary>An ok response carrying a value to the next step. Named apart from <see cref="Ok(string, long, string?)"/> so a string payload is never mistaken for a status code.</summary>
    public static Response<T> OkWith<T>(T payload, string statusCode = "ok", long sizeBytes = 0, string? message = null) =>
        new(payload, false, statusCode, sizeBytes, message);

    public static Response<T> FailWith<T>(string statusCode = "fail", long sizeBytes = 0, string? message = null) =>
        new(default, true, statusCode, sizeBytes, message);

    /// <summary>An exception thrown by a scenario or step is a measured failure with status "exception".</summary>
    internal static Response FromException(Exception exception) =>
        Fail("exception", message: $"{exception.GetType().Name}: {exception.Message}");

    public override string ToString() => $"{(IsError ? "fail" : "ok")} {StatusCode} {SizeBytes}B {Message}".TrimEnd();
}

/// <summary>A response that carries a value to the next step (a token, an id).</summary>
public sealed class Response<T> : Response
{
    internal Response(T? payload, bool isError, string statusCode, long sizeBytes, string? message)
        : base(isError, statusCode, sizeBytes, message) => Payload = payload;

    public T? Payload { get; }
}
