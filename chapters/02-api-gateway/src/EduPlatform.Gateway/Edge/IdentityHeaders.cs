using System.Security.Claims;

namespace EduPlatform.Gateway.Edge;

/// <summary>
/// The caller's identity as the gateway hands it to services, from the validated token only:
/// <c>X-User-Id</c> (<c>sub</c>), <c>X-User-Roles</c> (<c>role</c>, comma-separated),
/// <c>X-Client-Id</c> (<c>client_id</c>), <c>X-User-Scopes</c> (<c>scope</c>).
/// Whatever a caller sends under these names, or under the prefixes the gateway owns
/// (<c>X-User-</c>, <c>X-Client-</c>), is removed at the edge before anything else runs, so a
/// service behind the gateway can never be handed a spoofed identity.
/// </summary>
public static class IdentityHeaders
{
    public const string UserId = "X-User-Id";
    public const string UserRoles = "X-User-Roles";
    public const string ClientId = "X-Client-Id";
    public const string UserScopes = "X-User-Scopes";

    private static readonly string[] OwnedPrefixes = ["X-User-", "X-Client-"];

    /// <summary>Removes every header in the gateway's identity namespace from an incoming request.</summary>
    public static void StripFrom(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        List<string>? spoofed = null;
        foreach (var name in headers.Keys)
        {
            if (OwnedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                (spoofed ??= []).Add(name);
            }
        }

        spoofed?.ForEach(name => headers.Remove(name));
    }

    /// <summary>Adds the validated caller's identity to the request a service receives; nothing for an anonymous caller.</summary>
    public static void AddTo(HttpRequestMessage proxyRequest, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(proxyRequest);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        Add(proxyRequest, UserId, user.FindFirst("sub")?.Value);
        Add(proxyRequest, UserRoles, string.Join(',', user.FindAll("role").Select(claim => claim.Value)));
        Add(proxyRequest, ClientId, user.FindFirst("client_id")?.Value);
        Add(proxyRequest, UserScopes, user.FindFirst("scope")?.Value);
    }

    private static void Add(HttpRequestMessage request, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
