namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>
/// The decoded path and query may hold no control character (U+0000 to U+001F, U+007F to U+009F). .NET's number parsing
/// ignores a trailing NUL and white space, so <c>/api/courses/1%0A</c> and <c>?courseId=3%00</c> were read as 1 and 3:
/// a request that is not what it seems to be, passed on to logs and databases. (Kestrel itself refuses a NUL in the
/// path, with an empty 400, before this runs.)
/// </summary>
internal sealed class NoControlCharactersInUrl(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var clean = !HasControlCharacter(request.Path.Value)
                    && request.Query.All(pair => !HasControlCharacter(pair.Key) && pair.Value.All(value => !HasControlCharacter(value)));
        return clean
            ? next(context)
            : EdgeProblem.WriteAsync(context, "Bad request", "The URL's path or query contains a control character.");
    }

    private static bool HasControlCharacter(string? text) => text is not null && text.Any(char.IsControl);
}
