using System.Security.Cryptography;
using EduPlatform.Platform.Hosting;
using Npgsql;

namespace EduPlatform.Platform.Modules.Users;

/// <summary>The Users module's database: accounts and the token signing key.</summary>
public sealed class UsersDatabase(IConfiguration configuration) : ModuleDatabase(UsersModule.ModuleName, configuration)
{
    protected override async Task CreateSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS users (
                id            uuid PRIMARY KEY,
                email         text NOT NULL UNIQUE,
                display_name  text NOT NULL,
                role          text NOT NULL,
                password_hash text NOT NULL
            );
            CREATE TABLE IF NOT EXISTS signing_keys (
                name            text PRIMARY KEY,
                private_key_pem text NOT NULL,
                created_at      timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken);

        foreach (var user in DemoUsers.All)
        {
            await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)", connection, transaction);
            exists.Parameters.Add(new NpgsqlParameter { Value = user.Id });
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                continue; // hashing is deliberately slow; skip it for users already there
            }

            await ExecuteAsync(connection, transaction,
                "INSERT INTO users (id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5)",
                [user.Id, user.Email, user.DisplayName, user.Role, PasswordHash.Create(user.Password)],
                cancellationToken);
        }

        // The signing key is generated once per database and shared by every instance of the
        // service that uses it, so a token one instance issued validates at another's JWKS.
        await using var keyExists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM signing_keys WHERE name = 'current')", connection, transaction);
        if (!(bool)(await keyExists.ExecuteScalarAsync(cancellationToken))!)
        {
            using var rsa = RSA.Create(2048);
            await ExecuteAsync(connection, transaction,
                "INSERT INTO signing_keys (name, private_key_pem) VALUES ('current', $1)", [rsa.ExportPkcs8PrivateKeyPem()], cancellationToken);
        }
    }
}
