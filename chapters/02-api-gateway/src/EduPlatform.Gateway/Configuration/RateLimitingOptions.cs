namespace EduPlatform.Gateway.Configuration;

/// <summary>Section <c>Gateway:RateLimiting</c>: named fixed-window budgets, one per client per policy.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = GatewayOptions.Section + ":" + nameof(GatewayOptions.RateLimiting);

    /// <summary>The budget every route gets unless it names another: 100 requests per 15 minutes per client.</summary>
    public const string PerClientPolicy = "per-client";

    /// <summary>The login route's budget (appsettings.json): 10 attempts per 60 s.</summary>
    public const string LoginPolicy = "login";

    /// <summary>The policy of every route that names none (YARP's <c>RateLimiterPolicy</c>). Default <c>per-client</c>.</summary>
    public string DefaultPolicy { get; set; } = PerClientPolicy;

    /// <summary>
    /// The budgets. Default: <c>per-client</c>, 100 requests per 15 minutes (the seed's
    /// express-rate-limit setting). A route opts out with <c>"RateLimiterPolicy": "Disable"</c>.
    /// Configuration merges into this dictionary, so the default stays unless overridden.
    /// </summary>
    public Dictionary<string, RateLimitPolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [PerClientPolicy] = new RateLimitPolicyOptions { PermitLimit = 100, WindowSeconds = 15 * 60 },
    };
}

/// <summary>One fixed-window budget: <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/>, per client (or as <see cref="Partition"/> says).</summary>
public sealed class RateLimitPolicyOptions
{
    public int PermitLimit { get; set; } = 100;

    public int WindowSeconds { get; set; } = 15 * 60;

    /// <summary>Whose budget a request spends. Default <see cref="BudgetPartition.Client"/>; the login policy in appsettings.json is <see cref="BudgetPartition.AddressAndAccount"/>.</summary>
    public BudgetPartition Partition { get; set; } = BudgetPartition.Client;
}

/// <summary>Whose budget a request under a policy spends.</summary>
public enum BudgetPartition
{
    /// <summary>The authenticated user (<c>sub</c>, else <c>client_id</c>), else the client address.</summary>
    Client,

    /// <summary>
    /// Login attempts: two budgets, both spent by every attempt whatever token it carries: the client address's, and
    /// the target account's (the <c>email</c> of the JSON body), each <c>PermitLimit</c> per window.
    /// </summary>
    AddressAndAccount,
}
