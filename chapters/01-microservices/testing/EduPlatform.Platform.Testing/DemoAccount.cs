namespace EduPlatform.Platform.Testing;

/// <summary>One of the demo accounts a fresh platform starts with, and the card it has saved (if any).</summary>
public sealed record DemoAccount(Guid Id, string Email, string Password, string Role, Guid? Card)
{
    /// <summary>The saved card; for a test that needs one.</summary>
    public Guid SavedCard => Card ?? throw new InvalidOperationException($"{Email} has no saved card.");
}
