using System.Security.Cryptography;
using System.Text.Json;
using EduPlatform.Platform.Hosting.Security;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Platform.Modules.Users;

/// <summary>
/// The RSA key tokens are signed with, and its public half as a JWKS document. The key comes from
/// <c>Users:SigningKeyPem</c> (a PKCS#8 PEM, e.g. mounted from a secret store) when set; otherwise
/// from the Users database, where the first start of the service on a fresh database generated it.
/// Either way every instance of the service signs with the same key.
/// </summary>
public sealed class SigningKeyStore(UsersDatabase database, UsersOptions options) : IJwksDocumentSource, IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private SigningKey? _key;

    public async Task<SigningKey> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _key ??= SigningKey.FromPem(options.SigningKeyPem ?? await ReadPersistedPemAsync(cancellationToken));
        }
        finally
        {
            _loading.Release();
        }
    }

    public async Task<string> GetJwksDocumentAsync(CancellationToken cancellationToken) => (await GetAsync(cancellationToken)).JwksDocument;

    public void Dispose() => _loading.Dispose();

    private async Task<string> ReadPersistedPemAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT private_key_pem FROM signing_keys WHERE name = 'current'");
        return (string?)await command.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException("The Users database has no signing key; its schema was not created.");
    }
}

/// <summary>A loaded signing key: the credentials to sign with and the JWKS document that publishes it.</summary>
public sealed class SigningKey
{
    private SigningKey(RsaSecurityKey key, string jwksDocument)
    {
        Credentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        JwksDocument = jwksDocument;
    }

    public SigningCredentials Credentials { get; }

    public string JwksDocument { get; }

    public static SigningKey FromPem(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var publicParameters = rsa.ExportParameters(includePrivateParameters: false);
        // The key id is the RFC 7638 thumbprint: stable for a key, different for the next one.
        var keyId = Base64UrlEncoder.Encode(new RsaSecurityKey(publicParameters).ComputeJwkThumbprint());
        var jwks = JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new
                {
                    kty = "RSA",
                    use = "sig",
                    alg = SecurityAlgorithms.RsaSha256,
                    kid = keyId,
                    n = Base64UrlEncoder.Encode(publicParameters.Modulus),
                    e = Base64UrlEncoder.Encode(publicParameters.Exponent),
                },
            },
        });
        return new SigningKey(new RsaSecurityKey(rsa) { KeyId = keyId }, jwks);
    }
}
