namespace EduPlatform.Platform.Hosting;

/// <summary>
/// The ids of the demo accounts the Users module creates. Other modules seed demo data for them
/// (Alice's enrollment, her saved card) by id alone, the way a real system learns user ids from
/// tokens and events, never from the Users database.
/// </summary>
public static class DemoUserIds
{
    public static readonly Guid Alice = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    public static readonly Guid Bob = Guid.Parse("b0b00000-0000-4000-8000-000000000002");
    public static readonly Guid Ivy = Guid.Parse("1e000000-0000-4000-8000-000000000003");
}
