namespace EduPlatform.Platform.Tests.Support;

/// <summary>The demo accounts and seed data the platform documents (README, "Demo data").</summary>
public static class DemoAccounts
{
    public static readonly (string Email, string Password) Alice = ("alice@eduplatform.test", "alice-demo-password");
    public static readonly (string Email, string Password) Bob = ("bob@eduplatform.test", "bob-demo-password");

    public static readonly Guid AliceId = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    public static readonly Guid AliceCard = Guid.Parse("ca4d0000-0000-4000-8000-00000000a11c");
    public static readonly Guid BobCard = Guid.Parse("ca4d0000-0000-4000-8000-000000000b0b");
}
