using EduPlatform.Platform.Modules.Payments;
using EduPlatform.Platform.Modules.Users;

namespace EduPlatform.Platform.Testing;

/// <summary>The demo accounts and their seed data (the README's "Demo data"), read from the platform's own seed.</summary>
public static class DemoAccounts
{
    /// <summary>A student, enrolled in course 1.</summary>
    public static DemoAccount Alice { get; } = From(DemoUsers.Alice, PaymentsDatabase.AliceCard);

    /// <summary>A student, enrolled in nothing.</summary>
    public static DemoAccount Bob { get; } = From(DemoUsers.Bob, PaymentsDatabase.BobCard);

    /// <summary>An instructor, with no card.</summary>
    public static DemoAccount Ivy { get; } = From(DemoUsers.Ivy, card: null);

    private static DemoAccount From(DemoUser user, Guid? card) => new(user.Id, user.Email, user.Password, user.Role, card);
}
