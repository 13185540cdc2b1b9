using Npgsql;

namespace EduPlatform.Platform.Modules.Users;

/// <summary>Reads accounts from the Users database.</summary>
public sealed class UserDirectory(UsersDatabase database)
{
    private const string Columns = "id, email, display_name, role, password_hash";

    public Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        FindAsync($"SELECT {Columns} FROM users WHERE email = lower($1)", email, cancellationToken);

    public Task<UserAccount?> FindByIdAsync(Guid id, CancellationToken cancellationToken) =>
        FindAsync($"SELECT {Columns} FROM users WHERE id = $1", id, cancellationToken);

    private async Task<UserAccount?> FindAsync(string sql, object key, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserAccount(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4))
            : null;
    }
}

public sealed record UserAccount(Guid Id, string Email, string DisplayName, string Role, string PasswordHash);
