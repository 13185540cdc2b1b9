using System.Security.Claims;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Identities;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EduPlatform.Harness.Tests.Identities;

/// <summary>
/// A token issuer and a small JwtBearer-protected app on real ports, configured the way a chapter
/// would be: only the authority and the audience, keys fetched from the issuer's JWKS by URL.
/// </summary>
public sealed class JwtProtectedApp : IAsyncLifetime
{
    public TestTokenIssuer Issuer { get; private set; } = null!;

    public ServiceInstance App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Issuer = await TestTokenIssuer.StartAsync();
        App = await ServiceHost.StartAsync(ServiceApp.Create("protected",
            builder =>
            {
                builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
                {
                    options.Authority = Issuer.Authority;
                    options.Audience = Issuer.Audience;
                    options.RequireHttpsMetadata = false; // the test issuer is plain HTTP on loopback
                });
                builder.Services.AddAuthorization();
            },
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapGet("/me", (ClaimsPrincipal user) => Results.Text(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?"))
                    .RequireAuthorization();
                app.MapGet("/instructors-only", () => Results.Text("welcome"))
                    .RequireAuthorization(policy => policy.RequireRole("instructor"));
            }));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
