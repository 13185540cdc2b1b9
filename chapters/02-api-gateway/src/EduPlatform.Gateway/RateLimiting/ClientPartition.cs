namespace EduPlatform.Gateway.RateLimiting;

/// <summary>
/// Whose budget a request spends: the authenticated principal (<c>sub</c>; for a client-credentials
/// token that is the client itself, else <c>client_id</c>), or, for an anonymous request, the client
/// address. The address is the socket's unless a trusted proxy vouched for another through
/// <c>X-Forwarded-For</c> (the forwarded-headers middleware has already decided that), so a caller
/// cannot mint itself fresh budgets by inventing addresses.
/// </summary>
public static class ClientPartition
{
    public static string KeyOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.FindFirst("sub")?.Value is { Length: > 0 } subject)
            {
                return "sub:" + subject;
            }

            if (user.FindFirst("client_id")?.Value is { Length: > 0 } client)
            {
                return "client:" + client;
            }
        }

        return AddressOf(context);
    }

    /// <summary>The client address alone, whoever the token says the caller is (login attempts: <see cref="Configuration.BudgetPartition.AddressAndAccount"/>).</summary>
    public static string AddressOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
