using System.Net;
using System.Net.Http.Json;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;

namespace EduPlatform.Platform.Tests.Api;

/// <summary>
/// The platform's HTTP API, one spec for both shapes: whatever a client can do against the
/// monolith it can do, byte for byte the same, against the separate services.
/// </summary>
public sealed class PlatformApiSpecTests(SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    [Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]
    public async Task The_catalogue_lists_courses_and_each_course_its_lessons(PlatformShape shape)
    {
        var platform = await platforms.GetAsync(shape);
        var courses = platform.Client(PlatformModules.Courses);

        using var list = await courses.SendAsync(HttpMethod.Get, "/api/courses");
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        var catalogue = (await list.JsonAsync()).EnumerateArray().ToList();
        catalogue.Select(course => course.GetProperty("id").GetInt32()).Should().Equal(1, 2, 3);
        catalogue[0].GetProperty("lessonCount").GetInt32().Should().Be(4);

        using var detail = await courses.SendAsync(HttpMethod.Get, "/api/courses/1");
        var course = await detail.JsonAsync();
        course.GetProperty("title").GetString().Should().Be("System Design Fundamentals");
        course.GetProperty("lessons").EnumerateArray().Select(lesson => lesson.GetProperty("number").GetInt32()).Should().Equal(1, 2, 3, 4);

        using var lessons = await courses.SendAsync(HttpMethod.Get, "/api/courses/2/lessons");
        (await lessons.JsonAsync()).GetArrayLength().Should().Be(3);

        using var missing = await courses.SendAsync(HttpMethod.Get, "/api/courses/99");
        (await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString().Should().Contain("99");
    }

    [Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]
    public async Task A_learner_logs_in_reads_her_profile_and_enrolls_once_however_often_she_asks(PlatformShape shape)
    {
        var platform = await platforms.GetAsync(shape);
        var token = await platform.LoginAsync(DemoAccounts.Bob);

        using var me = await platform.Client(PlatformModules.Users).SendAsync(HttpMethod.Get, "/api/users/me", token);
        (await me.JsonAsync()).GetProperty("email").GetString().Should().Be(DemoAccounts.Bob.Email);

        var courses = platform.Client(PlatformModules.Courses);
        const int courseId = 2;
        using var first = await courses.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/enrollments", token);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        using var again = await courses.SendAsync(HttpMethod.Post, $"/api/courses/{courseId}/enrollments", token);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.JsonAsync()).GetProperty("enrolledAt").GetDateTimeOffset()
            .Should().Be((await first.JsonAsync()).GetProperty("enrolledAt").GetDateTimeOffset());

        using var mine = await courses.SendAsync(HttpMethod.Get, "/api/courses/enrollments", token);
        (await mine.JsonAsync()).EnumerateArray().Select(enrollment => enrollment.GetProperty("courseId").GetInt32()).Should().Equal(courseId);

        using var unknown = await courses.SendAsync(HttpMethod.Post, "/api/courses/404/enrollments", token);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]
    public async Task Videos_are_public_metadata_and_chunks_streamed_to_signed_in_learners(PlatformShape shape)
    {
        var platform = await platforms.GetAsync(shape);
        var videos = platform.Client(PlatformModules.Videos);

        using var ofCourse = await videos.SendAsync(HttpMethod.Get, "/api/videos?courseId=3");
        (await ofCourse.JsonAsync()).EnumerateArray().Select(video => video.GetProperty("id").GetInt32()).Should().Equal(8, 9, 10);
        using var metadata = await videos.SendAsync(HttpMethod.Get, "/api/videos/1");
        (await metadata.JsonAsync()).GetProperty("chunkCount").GetInt32().Should().Be(72);

        using var anonymous = await videos.SendAsync(HttpMethod.Get, "/api/videos/1/chunks/0");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var token = await platform.LoginAsync(DemoAccounts.Alice);
        using var chunk = await videos.SendAsync(HttpMethod.Get, "/api/videos/2/chunks/5", token);
        chunk.StatusCode.Should().Be(HttpStatusCode.OK);
        chunk.Content.Headers.ContentType!.MediaType.Should().Be("video/mp2t");
        var bytes = await chunk.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        bytes.Should().HaveCount(16 * 1024);
        bytes[0].Should().Be((byte)((2 * 31) + 5), "the chunk's content is derived from the video and chunk asked for");

        using var pastTheEnd = await videos.SendAsync(HttpMethod.Get, "/api/videos/1/chunks/72", token);
        await pastTheEnd.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]
    public async Task Payments_lists_methods_saves_a_card_and_charges_only_the_owner(PlatformShape shape)
    {
        var platform = await platforms.GetAsync(shape);
        var payments = platform.Client(PlatformModules.Payments);
        var alice = await platform.LoginAsync(DemoAccounts.Alice);
        var bob = await platform.LoginAsync(DemoAccounts.Bob);

        using var methods = await payments.SendAsync(HttpMethod.Get, "/api/payments/methods", alice);
        (await methods.JsonAsync()).EnumerateArray().Select(method => method.GetProperty("id").GetGuid()).Should().Contain(DemoAccounts.Alice.SavedCard);

        using var saved = await payments.SendAsync(HttpMethod.Post, "/api/payments/methods", alice,
            PlatformHttp.Json(new { brand = "amex", last4 = "0005", expiryMonth = 1, expiryYear = 2032 }));
        saved.StatusCode.Should().Be(HttpStatusCode.Created);
        var newCard = (await saved.JsonAsync()).GetProperty("id").GetGuid();

        var key = Guid.NewGuid().ToString();
        using var charged = await payments.SendAsync(HttpMethod.Post, "/api/payments/charges", alice,
            PlatformHttp.Json(new { amountCents = 4900, currency = "USD", paymentMethodId = newCard, description = "System Design Fundamentals" }),
            new Dictionary<string, string> { ["Idempotency-Key"] = key });
        charged.StatusCode.Should().Be(HttpStatusCode.Created);
        var charge = await charged.JsonAsync();
        charge.GetProperty("status").GetString().Should().Be("succeeded");
        charged.Headers.Location!.ToString().Should().Be($"/api/payments/charges/{charge.GetProperty("id").GetGuid()}");

        using var read = await payments.SendAsync(HttpMethod.Get, charged.Headers.Location.ToString(), alice);
        (await read.JsonAsync()).GetProperty("amountCents").GetInt64().Should().Be(4900);
        using var notBobs = await payments.SendAsync(HttpMethod.Get, charged.Headers.Location.ToString(), bob);
        await notBobs.ShouldBeProblemAsync(HttpStatusCode.NotFound);

        using var withAlicesCard = await payments.SendAsync(HttpMethod.Post, "/api/payments/charges", bob,
            PlatformHttp.Json(new { amountCents = 100, currency = "USD", paymentMethodId = newCard }),
            new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() });
        await withAlicesCard.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        using var bobsCharges = await payments.SendAsync(HttpMethod.Get, "/api/payments/charges", bob);
        (await bobsCharges.JsonAsync()).GetArrayLength().Should().Be(0, "a refused charge charges nothing");
    }

    [Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]
    public async Task Every_protected_endpoint_refuses_a_missing_or_forged_token(PlatformShape shape)
    {
        var platform = await platforms.GetAsync(shape);
        var token = await platform.LoginAsync(DemoAccounts.Alice);
        var parts = token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA"; // same claims, broken signature
        (string Module, string Method, string Path)[] protectedEndpoints =
        [
            (PlatformModules.Users, "GET", "/api/users/me"),
            (PlatformModules.Users, "GET", $"/api/users/{DemoAccounts.Alice.Id}"),
            (PlatformModules.Courses, "GET", "/api/courses/enrollments"),
            (PlatformModules.Courses, "POST", "/api/courses/1/enrollments"),
            (PlatformModules.Videos, "GET", "/api/videos/1/chunks/0"),
            (PlatformModules.Payments, "GET", "/api/payments/methods"),
            (PlatformModules.Payments, "POST", "/api/payments/methods"),
            (PlatformModules.Payments, "GET", "/api/payments/charges"),
            (PlatformModules.Payments, "POST", "/api/payments/charges"),
        ];

        foreach (var (module, method, path) in protectedEndpoints)
        {
            foreach (var credential in new[] { null, forged, "not-a-jwt" })
            {
                using var response = await platform.Client(module).SendAsync(new HttpMethod(method), path, credential);
                await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            }

            using var accepted = await platform.Client(module).SendAsync(new HttpMethod(method), path, token, method == "POST" ? PlatformHttp.Json("{}") : null);
            accepted.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized, $"{method} {path} must accept the Users module's token");
        }
    }

    [Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]
    public async Task Every_host_is_live_and_ready_and_says_which_modules_it_serves(PlatformShape shape)
    {
        var platform = await platforms.GetAsync(shape);
        foreach (var module in PlatformModules.All)
        {
            var client = platform.Client(module);
            using var live = await client.SendAsync(HttpMethod.Get, "/health/live");
            live.StatusCode.Should().Be(HttpStatusCode.OK);
            using var ready = await client.SendAsync(HttpMethod.Get, "/health/ready");
            ready.StatusCode.Should().Be(HttpStatusCode.OK);
            (await ready.JsonAsync()).GetProperty("checks").EnumerateArray().Select(check => check.GetProperty("name").GetString())
                .Should().Contain($"{module}-database");

            var root = await client.GetFromJsonAsync<RootDocument>("/", TestContext.Current.CancellationToken);
            root!.Modules.Should().BeEquivalentTo(shape == PlatformShape.Monolith ? PlatformModules.All : [module]);
            ready.Headers.GetValues("X-Served-By").Single().Should().Be(root.Instance);
        }
    }

    private sealed record RootDocument(string Service, string Instance, string[] Modules);
}
