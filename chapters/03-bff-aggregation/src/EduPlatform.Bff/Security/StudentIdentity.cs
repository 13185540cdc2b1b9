using Microsoft.Net.Http.Headers;

namespace EduPlatform.Bff.Security;

/// <summary>The validated caller: the token's subject and the raw token, to forward.</summary>
public sealed record StudentIdentity(string Subject, string AccessToken)
{
    public const string SubjectClaim = "sub";

    /// <summary>The authenticated request's student, or null when the (valid) token names no subject.</summary>
    public static StudentIdentity? From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var subject = context.User.FindFirst(SubjectClaim)?.Value;
        var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(subject) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new StudentIdentity(subject, authorization[scheme.Length..].Trim());
    }
}
