using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;

namespace EduPlatform.Platform.Tests.HostileInput;

/// <summary>
/// The platform in both shapes for the hostile-input suite, trusting a test issuer so every kind of bad token can be
/// minted (expired, wrong audience, forged, <c>alg: none</c>, ...) next to Alice's genuine one. Shared by the suite's
/// cases, none of which may change anything.
/// </summary>
public sealed class HostilePlatforms(InfrastructureFixture infrastructure) : SharedPlatforms(infrastructure)
{
    private readonly Lazy<Task<TestTokenIssuer>> _issuer = new(() => TestTokenIssuer.StartAsync(cancellationToken: CancellationToken.None));

    /// <summary>The <c>Authorization</c> field values <paramref name="credential"/> stands for (none, one, or two fields).</summary>
    public async Task<IReadOnlyList<string>> AuthorizationAsync(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var issuer = await _issuer.Value;
        var alice = new TestTokenRequest { Subject = DemoAccounts.Alice.Id.ToString(), Roles = [DemoAccounts.Alice.Role] };
        if (credential.Token is { } hostile)
        {
            return [$"Bearer {issuer.CreateHostileToken(hostile, alice)}"];
        }

        return credential.Name switch
        {
            nameof(Credential.None) => [],
            nameof(Credential.Alice) => [$"Bearer {issuer.CreateToken(alice)}"],
            nameof(Credential.Garbage) => ["Bearer x.y.z"],
            nameof(Credential.Basic) => ["Basic YWxpY2U6cGFzc3dvcmQ="],
            nameof(Credential.Overlong) => [$"Bearer {new string('a', 16 * 1024)}"],
            nameof(Credential.TwoFields) => [$"Bearer {issuer.CreateToken(alice)}", $"Bearer {issuer.CreateToken(alice)}"],
            nameof(Credential.NonAscii) => ["Bearer ключ.ключ.ключ"],
            _ => throw new ArgumentOutOfRangeException(nameof(credential), credential, null),
        };
    }

    protected override async Task<PlatformSettings> SettingsAsync(PlatformShape shape) =>
        new() { Shape = shape, TrustedIssuer = await _issuer.Value, AccessLog = false };

    protected override async ValueTask DisposeMoreAsync()
    {
        if (_issuer.IsValueCreated)
        {
            await (await _issuer.Value).DisposeAsync();
        }
    }
}
