using Microsoft.IdentityModel.Protocols;

namespace EduPlatform.Platform.Hosting.Security;

/// <summary>The monolith's key lookup: the JWKS document comes from the issuer in this process, not over HTTP.</summary>
public sealed class InProcessJwksDocumentRetriever(IJwksDocumentSource source) : IDocumentRetriever
{
    public Task<string> GetDocumentAsync(string address, CancellationToken cancel) => source.GetJwksDocumentAsync(cancel);
}
