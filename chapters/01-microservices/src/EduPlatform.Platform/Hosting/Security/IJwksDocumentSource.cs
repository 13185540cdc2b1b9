namespace EduPlatform.Platform.Hosting.Security;

/// <summary>
/// The public signing keys of a token issuer hosted in this process, as a JWKS document. The Users
/// module implements it; the host uses it when the monolith validates its own tokens. This contract
/// is the only thing the host knows about the issuer, so no module depends on the Users module.
/// </summary>
public interface IJwksDocumentSource
{
    Task<string> GetJwksDocumentAsync(CancellationToken cancellationToken);
}
