namespace EduPlatform.Platform.Hosting.Edge;

/// <summary>
/// Method names are case-sensitive (RFC 9110, section 9.1): <c>get</c> is not GET. Routing compares them ignoring
/// case, so without this a <c>post</c> would enroll a learner through a method no client should send and no proxy
/// or rule in front of the platform expects. Answered 400, as nginx does.
/// </summary>
internal sealed class CaseSensitiveMethods(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        return method.Any(char.IsAsciiLetterLower)
            ? EdgeProblem.WriteAsync(context, "Unknown method",
                "HTTP method names are case-sensitive (RFC 9110, section 9.1); this service serves upper-case methods only.")
            : next(context);
    }
}
