using System.Reflection;
using System.Security.Claims;

namespace EduPlatform.Platform.Hosting.Security;

/// <summary>
/// The caller of a protected endpoint, from the validated token: <c>sub</c> (a user id) and <c>role</c>.
/// Endpoints take it as a parameter; it only binds on endpoints that require authorization.
/// </summary>
public sealed record AuthenticatedUser(Guid Id, string Role)
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";

    public static ValueTask<AuthenticatedUser?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(From(context.User));
    }

    public static AuthenticatedUser? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(SubjectClaim), out var id)
            ? new AuthenticatedUser(id, principal.FindFirstValue(RoleClaim) ?? "")
            : null;
    }
}
