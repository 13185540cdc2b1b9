using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace EduPlatform.Gateway.Security;

/// <summary>
/// The JWT bearer handler expects an OpenID discovery document that points at the keys; chapter
/// 01's auth service publishes only the keys (<c>/.well-known/jwks.json</c>). This reads that bare
/// key set into the configuration the handler validates signatures with.
/// </summary>
public sealed class JwksOnlyConfigurationRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var keySet = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
        var configuration = new OpenIdConnectConfiguration { JwksUri = address, JsonWebKeySet = keySet };
        keySet.GetSigningKeys().ToList().ForEach(configuration.SigningKeys.Add);
        return configuration;
    }
}
