using System.Net;
using System.Text.Json;
using EduPlatform.Bff.Testing;
using EduPlatform.Bff.Tests.Support;

namespace EduPlatform.Bff.Tests.Sections;

/// <summary>Each section's fate, and what the fates make of the answer: one failed downstream costs a section, not the page.</summary>
public sealed class SectionFateTests(DefaultBff bff) : EachTestResets<DefaultBff>(bff), IClassFixture<DefaultBff>
{
    [Fact]
    public async Task Every_section_is_ok_and_no_Degraded_header_is_sent_when_every_downstream_answers()
    {
        var student = Students.New();

        var reply = await Bff.DashboardAsync(student);

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Degraded.Should().BeNull();
        reply.Sections.Keys.Should().BeEquivalentTo("profile", "courses", "payments", "videos");
        reply.Sections.Values.Should().AllSatisfy(section =>
        {
            section.Status.Should().Be("ok");
            section.HasData.Should().BeTrue();
        });
        // Fetched just now for this student; the public videos section may be an earlier test's cache hit.
        new[] { "profile", "courses", "payments" }.Should().AllSatisfy(name => reply[name].AgeMs.Should().Be(0));
        reply["profile"].Data.GetProperty("id").GetString().Should().Be(student);
        reply["payments"].Data.GetArrayLength().Should().BeInRange(1, 5);
        reply["videos"].Data.GetArrayLength().Should().Be(6, "the first six of the catalogue's eight are recommended");
    }

    [Theory]
    [InlineData(LegFailure.ServerError)]
    [InlineData(LegFailure.ConnectionReset)]
    [InlineData(LegFailure.MalformedBody)]
    public async Task A_failing_downstream_costs_its_section_and_is_named_in_the_Degraded_header(LegFailure failure)
    {
        Bff.System.Courses.Behavior = LegBehavior.Failing(failure);

        var reply = await Bff.DashboardAsync(Students.New());

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Degraded.Should().Be("courses=unavailable");
        reply["courses"].Status.Should().Be("unavailable");
        reply["courses"].HasData.Should().BeFalse();
        reply["courses"].AgeMs.Should().BeNull();
        reply["courses"].Reason.Should().NotBeNullOrWhiteSpace();
        reply.Sections.Where(s => s.Key != "courses").Should().AllSatisfy(s => s.Value.Status.Should().Be("ok"));
    }

    [Fact]
    public async Task A_killed_downstream_costs_its_section_only()
    {
        await Bff.System.Payments.KillAsync();

        var reply = await Bff.DashboardAsync(Students.New());

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply["payments"].Status.Should().Be("unavailable");
        reply.Degraded.Should().Be("payments=unavailable");
    }

    [Fact]
    public async Task The_Degraded_header_lists_every_section_that_is_not_ok_in_section_order()
    {
        Bff.System.Payments.Behavior = LegBehavior.Failing(LegFailure.ServerError);
        Bff.System.Courses.Behavior = LegBehavior.Failing(LegFailure.ConnectionReset);

        var reply = await Bff.DashboardAsync(Students.New());

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Degraded.Should().Be("courses=unavailable, payments=unavailable");
    }

    [Fact]
    public async Task The_required_profile_unavailable_answers_503_problem_json_naming_it()
    {
        Bff.System.Users.Behavior = LegBehavior.Failing(LegFailure.ServerError);

        var reply = await Bff.DashboardAsync(Students.New());

        reply.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        reply.ContentType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(reply.Body);
        problem.RootElement.GetProperty("type").GetString().Should().EndWith("/required-section-unavailable");
        problem.RootElement.GetProperty("unavailable").EnumerateArray().Select(e => e.GetString()).Should().Equal("profile");
        problem.RootElement.GetProperty("sections").GetProperty("courses").GetProperty("status").GetString().Should().Be("ok");
        reply.Degraded.Should().Be("profile=unavailable");
    }

    [Fact]
    public async Task Asking_for_some_sections_calls_only_their_downstreams_and_a_required_section_not_asked_for_does_not_fail_the_page()
    {
        Bff.System.Users.Behavior = LegBehavior.Failing(LegFailure.ServerError);

        var reply = await Bff.DashboardAsync(Students.New(), sections: "videos,payments");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Sections.Keys.Should().BeEquivalentTo("videos", "payments");
        Bff.System.Users.Calls.Count.Should().Be(0);
        Bff.System.Courses.Calls.Count.Should().Be(0);
    }

    [Fact]
    public async Task The_students_token_is_forwarded_unchanged_with_one_correlation_id_and_the_legs_budget()
    {
        var student = Students.New();
        using var request = Bff.System.DashboardRequest(student, correlationId: "trace-42.a");

        using var response = await Bff.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Correlation-Id").Should().Equal("trace-42.a");
        // The videos section is public and may be a cache hit: the three per-student downstreams are called for sure.
        var calls = Bff.System.Services.Values.SelectMany(service => service.Calls.Calls).ToArray();
        calls.Should().HaveCountGreaterThanOrEqualTo(3);
        calls.Should().AllSatisfy(call =>
        {
            call.Authorization.Should().Be($"Bearer {Bff.System.TokenFor(student)}");
            call.CorrelationId.Should().Be("trace-42.a");
            long.Parse(call.BudgetMs!, System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(1, 9_990, "what is left of the deadline, less the reserve");
        });
    }

    [Fact]
    public async Task The_answer_is_private_to_the_student_and_never_stored_by_a_shared_cache()
    {
        using var request = Bff.System.DashboardRequest(Students.New());

        using var response = await Bff.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.Headers.CacheControl!.ToString().Should().Contain("no-store").And.Contain("private");
        response.Headers.Vary.Should().Contain("Authorization");
    }
}

/// <summary>Which sections are required is configuration.</summary>
public sealed class RequiredSectionTests(NothingRequiredBff nothingRequired, CoursesRequiredBff coursesRequired)
    : IClassFixture<NothingRequiredBff>, IClassFixture<CoursesRequiredBff>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await nothingRequired.ResetAsync();
        await coursesRequired.ResetAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task With_no_required_section_a_page_without_its_profile_is_still_answered()
    {
        nothingRequired.System.Users.Behavior = LegBehavior.Failing(LegFailure.ServerError);

        var reply = await nothingRequired.DashboardAsync(Students.New());

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply["profile"].Status.Should().Be("unavailable");
    }

    [Fact]
    public async Task With_courses_required_its_loss_answers_503_and_the_profiles_does_not()
    {
        coursesRequired.System.Courses.Behavior = LegBehavior.Failing(LegFailure.ConnectionReset);
        (await coursesRequired.DashboardAsync(Students.New())).Status.Should().Be(HttpStatusCode.ServiceUnavailable);

        coursesRequired.System.Courses.Behavior = LegBehavior.Healthy;
        coursesRequired.System.Users.Behavior = LegBehavior.Failing(LegFailure.ServerError);
        (await coursesRequired.DashboardAsync(Students.New())).Status.Should().Be(HttpStatusCode.OK);
    }
}
