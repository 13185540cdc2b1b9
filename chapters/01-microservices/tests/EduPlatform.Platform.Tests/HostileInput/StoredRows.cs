using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;
using Npgsql;

namespace EduPlatform.Platform.Tests.HostileInput;

/// <summary>How many rows each module has stored: equal before and after a request means the request stored nothing.</summary>
public sealed record StoredRows(long Users, long SigningKeys, long Enrollments, long PaymentMethods, long Charges)
{
    public static async Task<StoredRows> ReadAsync(PlatformSystem platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new StoredRows(
            await CountAsync(platform, PlatformModules.Users, "users"),
            await CountAsync(platform, PlatformModules.Users, "signing_keys"),
            await CountAsync(platform, PlatformModules.Courses, "enrollments"),
            await CountAsync(platform, PlatformModules.Payments, "payment_methods"),
            await CountAsync(platform, PlatformModules.Payments, "charges"));
    }

    private static async Task<long> CountAsync(PlatformSystem platform, string module, string table)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionStrings[module]);
        await connection.OpenAsync(CurrentTest.Cancellation);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await count.ExecuteScalarAsync(CurrentTest.Cancellation))!;
    }
}
