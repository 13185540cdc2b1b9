using System.Net;
using EduPlatform.Bff.Testing;
using EduPlatform.Bff.Tests.Support;
using EduPlatform.Harness.Infrastructure;
using StackExchange.Redis;

namespace EduPlatform.Bff.Tests.Caching;

/// <summary>The cache: hits carry their age, per-student entries are keyed by subject, and Redis holds the second level.</summary>
public sealed class CacheTests(DefaultBff bff) : EachTestResets<DefaultBff>(bff), IClassFixture<DefaultBff>
{
    [Fact]
    public async Task A_second_request_is_answered_from_the_cache_ok_with_its_age()
    {
        var student = Students.New();
        await Bff.DashboardAsync(student);

        var reply = await Bff.DashboardAsync(student);

        reply.Sections.Values.Should().AllSatisfy(section =>
        {
            section.Status.Should().Be("ok");
            section.AgeMs.Should().BeGreaterThanOrEqualTo(0);
        });
        Bff.System.Users.Calls.Count.Should().Be(1);
        Bff.System.Courses.Calls.Count.Should().Be(1);
        Bff.System.Payments.Calls.Count.Should().Be(1);
        Bff.System.Videos.Calls.Count.Should().BeLessThanOrEqualTo(1, "the recommended videos are one entry for every student");
    }

    [Fact]
    public async Task One_students_cached_sections_are_never_served_to_another()
    {
        var students = Enumerable.Range(0, 12).Select(i => Students.New($"s{i}")).ToArray();

        // Rounds of every student at once, interleaved, so any key that is not the student's would be a hit for someone else.
        for (var round = 0; round < 4; round++)
        {
            var replies = await Task.WhenAll(students.Select(async student => (student, reply: await Bff.DashboardAsync(student))));
            foreach (var (student, reply) in replies)
            {
                reply.Status.Should().Be(HttpStatusCode.OK);
                reply["profile"].Data.GetProperty("id").GetString().Should().Be(student);
                reply["payments"].Data.EnumerateArray().Should().AllSatisfy(charge =>
                    charge.GetProperty("description").GetString().Should().EndWith($"for {student}"));
                reply["courses"].Data.EnumerateArray().Select(e => e.GetProperty("courseId").GetInt32()).Should().Equal(
                    PlatformStubs.AnswerFor(PlatformStubs.Courses, student).AsArray().Select(e => (int)e!["courseId"]!));
            }
        }

        Bff.System.Users.Calls.Calls.Select(call => call.Subject).Should().OnlyHaveUniqueItems("each student's profile was fetched once, for that student");
        Bff.System.Users.Calls.Count.Should().Be(students.Length);
    }

    [Fact]
    public async Task The_entries_are_in_Redis_the_second_level_keyed_by_section_and_student()
    {
        var student = Students.New();
        await Bff.DashboardAsync(student);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(Bff.System.RedisConnectionString!);
        var server = redis.GetServers().Single();
        var keys = server.Keys(redis.GetDatabase().Database, pattern: $"*{student}*").Select(key => key.ToString()).ToArray();

        keys.Should().HaveCount(3).And.Contain(key => key.Contains($"profile:{student}", StringComparison.Ordinal))
            .And.Contain(key => key.Contains($"courses:{student}", StringComparison.Ordinal))
            .And.Contain(key => key.Contains($"payments:{student}", StringComparison.Ordinal));
    }
}

/// <summary>Stale-if-error: an expired copy is served, marked stale, when its refresh fails.</summary>
public sealed class StaleIfErrorTests(ExpiringBff bff) : EachTestResets<ExpiringBff>(bff), IClassFixture<ExpiringBff>
{
    [Theory]
    [InlineData(LegFailure.ServerError)]
    [InlineData(LegFailure.ConnectionReset)]
    [InlineData(LegFailure.MalformedBody)]
    public async Task A_failed_refresh_serves_the_expired_copy_as_stale_with_the_reason(LegFailure failure)
    {
        var student = Students.New();
        var fresh = await Bff.DashboardAsync(student);
        Bff.System.Courses.Behavior = LegBehavior.Failing(failure);

        var reply = await Bff.DashboardAsync(student);

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply["courses"].Status.Should().Be("stale");
        reply["courses"].AgeMs.Should().BeGreaterThanOrEqualTo(0);
        reply["courses"].Reason.Should().NotBeNullOrWhiteSpace();
        reply["courses"].Data.GetRawText().Should().Be(fresh["courses"].Data.GetRawText());
        reply.Degraded.Should().Be("courses=stale");
        Bff.System.Courses.Calls.Count.Should().Be(2, "the refresh was tried, and failed");
    }

    [Fact]
    public async Task A_killed_required_service_with_a_copy_still_gives_the_page_its_stale_profile()
    {
        var student = Students.New();
        await Bff.DashboardAsync(student);
        await Bff.System.Users.KillAsync();

        var reply = await Bff.DashboardAsync(student);

        reply.Status.Should().Be(HttpStatusCode.OK, "a stale profile is a profile");
        reply["profile"].Status.Should().Be("stale");
        reply["profile"].Data.GetProperty("id").GetString().Should().Be(student);
    }

    [Fact]
    public async Task A_student_never_seen_has_no_copy_so_a_failed_section_is_unavailable()
    {
        Bff.System.Courses.Behavior = LegBehavior.Failing(LegFailure.ServerError);

        var reply = await Bff.DashboardAsync(Students.New());

        reply["courses"].Status.Should().Be("unavailable");
    }
}

/// <summary>Stampede protection: many requests for one cold key make one downstream call.</summary>
public sealed class StampedeTests(StampedeBff cached, UncachedStampedeBff uncached)
    : IClassFixture<StampedeBff>, IClassFixture<UncachedStampedeBff>, IAsyncLifetime
{
    private const int Requests = 200;

    public async ValueTask InitializeAsync()
    {
        await cached.ResetAsync();
        await uncached.ResetAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Two_hundred_concurrent_cold_requests_for_one_student_make_one_call_per_downstream()
    {
        var student = Students.New();

        var replies = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => cached.DashboardAsync(student)));

        replies.Should().AllSatisfy(reply => reply.Sections.Values.Should().AllSatisfy(section => section.Status.Should().Be("ok")));
        foreach (var service in cached.System.Services.Values)
        {
            service.Calls.Count.Should().BeLessThanOrEqualTo(1, $"{service.Name} is behind the cache's one-call-per-key lock");
        }

        cached.System.Users.Calls.Count.Should().Be(1);
    }

    [Fact]
    public async Task Without_the_cache_every_request_calls_every_downstream()
    {
        var student = Students.New();

        await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => uncached.DashboardAsync(student)));

        uncached.System.Services.Values.Should().AllSatisfy(service => service.Calls.Count.Should().Be(Requests));
    }
}
