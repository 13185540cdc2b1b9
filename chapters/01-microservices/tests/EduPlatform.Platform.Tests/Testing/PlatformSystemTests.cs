using System.Net;
using EduPlatform.Harness.Identities;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;

namespace EduPlatform.Platform.Tests.Testing;

/// <summary>
/// What other chapters start chapter 01's services with (02's gateway and 03's BFF put them behind themselves):
/// only the modules asked for, each at its own address, tokens from the platform's Users service or from a test
/// issuer the services are told to trust.
/// </summary>
public sealed class PlatformSystemTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Only_the_selected_services_start_each_at_its_own_address_and_a_demo_student_gets_a_token()
    {
        // snippet: chapter-01-platform-from-another-chapter
        // Users and Courses, each its own host on its own database (the services shape, in process by default).
        await using var platform = await PlatformSystem.StartAsync(infrastructure,
            new PlatformSettings { Modules = [PlatformModules.Users, PlatformModules.Courses] }, CurrentTest.Cancellation);
        Uri coursesAddress = platform.BaseAddress(PlatformModules.Courses); // http://127.0.0.1:{port}/, to put behind a gateway or BFF
        var token = await platform.IssueTokenAsync(DemoAccounts.Alice, CurrentTest.Cancellation); // logs in at Users
        using var courses = platform.CreateClient(PlatformModules.Courses, token); // sends the token on every request
        using var enrollments = await courses.GetAsync(new Uri("/api/courses/enrollments", UriKind.Relative), CurrentTest.Cancellation);
        // endsnippet

        coursesAddress.Should().NotBe(platform.BaseAddress(PlatformModules.Users));
        platform.ConnectionStrings.Keys.Should().BeEquivalentTo(PlatformModules.Users, PlatformModules.Courses);
        var notStarted = () => platform.Instance(PlatformModules.Videos);
        notStarted.Should().Throw<ArgumentException>().WithMessage("*videos*not started*");
        enrollments.StatusCode.Should().Be(HttpStatusCode.OK);
        (await enrollments.JsonAsync()).EnumerateArray().Select(enrollment => enrollment.GetProperty("courseId").GetInt32())
            .Should().Equal([1], "Alice's seeded enrollment, read with the Users service's token");
    }

    [Fact]
    public async Task Services_told_to_trust_a_test_issuer_accept_its_tokens_and_need_no_users_service()
    {
        await using var issuer = await TestTokenIssuer.StartAsync(cancellationToken: CurrentTest.Cancellation);
        await using var platform = await PlatformSystem.StartAsync(infrastructure,
            new PlatformSettings { Modules = [PlatformModules.Courses], TrustedIssuer = issuer }, CurrentTest.Cancellation);

        var token = await platform.IssueTokenAsync(DemoAccounts.Alice, CurrentTest.Cancellation);
        using var courses = platform.CreateClient(PlatformModules.Courses, token);
        using var enrollments = await courses.GetAsync(new Uri("/api/courses/enrollments", UriKind.Relative), CurrentTest.Cancellation);
        enrollments.StatusCode.Should().Be(HttpStatusCode.OK);
        (await enrollments.JsonAsync()).EnumerateArray().Should().ContainSingle();
        issuer.JwksRequests.Should().BePositive("the service fetched the trusted issuer's keys");

        using var forged = platform.CreateClient(PlatformModules.Courses, issuer.CreateHostileToken(HostileToken.SignedByAnotherKey));
        using var refused = await forged.GetAsync(new Uri("/api/courses/enrollments", UriKind.Relative), CurrentTest.Cancellation);
        await refused.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_platform_without_users_and_without_a_trusted_issuer_is_refused_before_anything_starts()
    {
        var start = () => PlatformSystem.StartAsync(infrastructure, new PlatformSettings { Modules = [PlatformModules.Courses] }, CurrentTest.Cancellation);

        await start.Should().ThrowAsync<ArgumentException>().WithMessage("*Users*TrustedIssuer*");
    }
}
