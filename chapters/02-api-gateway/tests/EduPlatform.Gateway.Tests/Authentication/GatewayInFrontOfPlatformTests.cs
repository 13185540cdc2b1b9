using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EduPlatform.Gateway.Testing;
using EduPlatform.Gateway.Tests.Support;
using EduPlatform.Harness.Infrastructure;
using static EduPlatform.Gateway.Configuration.ReverseProxyKeys;

namespace EduPlatform.Gateway.Tests.Authentication;

/// <summary>
/// The gateway in front of chapter 01's real services (Users, Courses; real PostgreSQL), trusting the real auth
/// service's JWKS: a learner logs in through the gateway's path transform, and the token it gets opens the protected
/// routes. One platform for the class; the tests only read, but for one enrolment that may be repeated.
/// </summary>
public sealed class GatewayInFrontOfPlatformTests(GatewayInFrontOfPlatformTests.Platform platform) : IClassFixture<GatewayInFrontOfPlatformTests.Platform>
{
    private static readonly Guid Alice = Guid.Parse("a11ce000-0000-4000-8000-000000000001");

    private GatewaySystem Gateway => platform.System;

    [Fact]
    public async Task A_learner_logs_in_through_the_gateway_and_uses_the_token_on_protected_routes()
    {
        var cancel = TestContext.Current.CancellationToken;

        // /api/auth/login is rewritten to the Users service's /auth/login.
        using var login = await Gateway.Client.PostAsJsonAsync("/api/auth/login",
            new { email = "alice@eduplatform.test", password = "alice-demo-password" }, cancel);
        login.StatusCode.Should().Be(HttpStatusCode.OK, await login.Content.ReadAsStringAsync(cancel));
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("accessToken").GetString();

        using var me = await Gateway.Client.GetAsync("/api/users/me", token);
        me.StatusCode.Should().Be(HttpStatusCode.OK, await me.Content.ReadAsStringAsync(cancel));
        (await me.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetGuid().Should().Be(Alice);

        using var enroll = new HttpRequestMessage(HttpMethod.Post, "/api/courses/2/enrollments");
        enroll.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var enrolled = await Gateway.Client.SendAsync(enroll, cancel);
        enrolled.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await enrolled.Content.ReadAsStringAsync(cancel));

        using var withoutToken = await Gateway.Client.GetAsync("/api/users/me", token: null);
        await withoutToken.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_catalogue_is_open_without_a_token_and_answers_through_either_instance()
    {
        var cancel = TestContext.Current.CancellationToken;

        var servedBy = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            using var courses = await Gateway.Client.GetAsync("/api/courses", token: null);
            courses.StatusCode.Should().Be(HttpStatusCode.OK, await courses.Content.ReadAsStringAsync(cancel));
            courses.Headers.GetValues("X-Gateway").Should().ContainSingle();
            servedBy.Add(courses.Headers.GetValues("X-Served-By").Single());
        }

        servedBy.Should().BeEquivalentTo(["courses-1", "courses-2"], "the gateway balances over both instances");

        // The enrolments list needs a signed-in learner: closed at the edge, not only at the service.
        using var enrollments = await Gateway.Client.GetAsync("/api/courses/enrollments", token: null);
        await enrollments.ShouldBeGatewayProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>Users (one) and Courses (two) from chapter 01, the gateway trusting the platform's own auth service.</summary>
    public sealed class Platform(InfrastructureFixture infrastructure) : SharedGatewaySystem(infrastructure)
    {
        protected override GatewaySettings Settings => new GatewaySettings { Identity = TrustedIdentity.PlatformUsers }
            .Behind(ClusterIds.Users, Upstream.Platform())
            .Behind(ClusterIds.Courses, Upstream.Platform(2));
    }
}
