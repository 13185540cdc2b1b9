namespace EduPlatform.Platform.Modules.Users;

/// <summary>Section <c>Users</c>: how the Users module signs its tokens. Every default is stated here and in the README.</summary>
public sealed class UsersOptions
{
    public const string Section = "Users";

    /// <summary>How long an access token is valid. Default 60 minutes.</summary>
    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>
    /// The signing key, a PKCS#8 PEM RSA key (e.g. mounted from a secret store). Default none: the first start on a
    /// fresh Users database generates one and persists it there, so every instance sharing the database uses it.
    /// </summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>The configuration keys of this section (see <see cref="Hosting.PlatformOptions.Keys"/>).</summary>
    public static class Keys
    {
        public const string TokenLifetimeMinutes = Section + ":" + nameof(UsersOptions.TokenLifetimeMinutes);
        public const string SigningKeyPem = Section + ":" + nameof(UsersOptions.SigningKeyPem);
    }

    public static UsersOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<UsersOptions>() ?? new UsersOptions();
}
