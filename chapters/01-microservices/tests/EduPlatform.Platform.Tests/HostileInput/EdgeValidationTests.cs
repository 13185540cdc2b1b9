using System.Net;
using System.Text;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;
using Npgsql;

namespace EduPlatform.Platform.Tests.HostileInput;

/// <summary>
/// Requests an attacker's probe got through the edge (issue 19): a NUL byte that reached PostgreSQL, two idempotency
/// keys read as one, numbers sent as strings, a lower-case method, a broken chunked body that still enrolled, a NUL
/// in the URL read as nothing, and 400s that named the handler's parameters. Each is refused at the edge with a 400
/// problem, and none stores anything.
/// </summary>
public sealed class EdgeValidationTests(SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    private const string Charges = "/api/payments/charges";

    [Fact]
    public async Task A_nul_byte_in_a_login_email_or_password_is_a_400_problem_not_a_database_error()
    {
        var users = (await Monolith()).Client(PlatformModules.Users);

        using var email = await users.SendAsync(HttpMethod.Post, "/auth/login", content: PlatformHttp.Json("""{"email":"a\u0000@x","password":"p"}"""));
        using var password = await users.SendAsync(HttpMethod.Post, "/auth/login", content: PlatformHttp.Json("""{"email":"alice@eduplatform.test","password":"p\u0000"}"""));

        await email.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await password.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_nul_byte_or_a_lone_surrogate_in_a_charge_description_is_a_400_and_charges_nothing()
    {
        var platform = await Monolith();
        var alice = await platform.LoginAsync(DemoAccounts.Alice);
        var key = $"nul-{Guid.NewGuid():N}";
        foreach (var description in new[] { @"x\u0000y", @"x\ud800y" })
        {
            using var response = await platform.Client(PlatformModules.Payments).SendAsync(HttpMethod.Post, Charges, alice,
                PlatformHttp.Json($$"""{"amountCents":100,"currency":"USD","paymentMethodId":"{{DemoAccounts.Alice.SavedCard}}","description":"{{description}}"}"""),
                new Dictionary<string, string> { ["Idempotency-Key"] = key });

            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        (await ChargesWithKeyAsync(platform, key)).Should().Be(0);
    }

    [Fact]
    public async Task Two_idempotency_keys_are_a_400_so_a_retry_with_either_one_charges_once()
    {
        var platform = await Monolith();
        var alice = await platform.LoginAsync(DemoAccounts.Alice);
        var (first, second) = ($"dup-a-{Guid.NewGuid():N}", $"dup-b-{Guid.NewGuid():N}");
        var body = $$"""{"amountCents":100,"currency":"USD","paymentMethodId":"{{DemoAccounts.Alice.SavedCard}}"}""";

        // Two fields, as a client (or a proxy passing both on) sends them; and one field listing two keys, as a proxy joins them.
        var twoFields = await RawHttpConnection.ExchangeAsync(platform.BaseAddress(PlatformModules.Payments), RawHttpConnection.Request("POST", Charges,
            [$"Authorization: Bearer {alice}", $"Idempotency-Key: {first}", $"Idempotency-Key: {second}", "Content-Type: application/json",
             $"Content-Length: {Encoding.UTF8.GetByteCount(body)}"], body), CurrentTest.Cancellation);
        using var joined = await platform.Client(PlatformModules.Payments).SendAsync(HttpMethod.Post, Charges, alice, PlatformHttp.Json(body),
            new Dictionary<string, string> { ["Idempotency-Key"] = $"{first},{second}" });

        twoFields.ShouldBeProblem(HttpStatusCode.BadRequest);
        await joined.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var retry = await platform.Client(PlatformModules.Payments).SendAsync(HttpMethod.Post, Charges, alice, PlatformHttp.Json(body),
            new Dictionary<string, string> { ["Idempotency-Key"] = first });
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.Contains("Idempotent-Replayed").Should().BeFalse("the refused requests charged nothing, so this is the first charge");
        (await ChargesWithKeyAsync(platform, first) + await ChargesWithKeyAsync(platform, second) + await ChargesWithKeyAsync(platform, $"{first},{second}"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Numbers_sent_as_strings_are_a_400_and_store_nothing()
    {
        var platform = await Monolith();
        var alice = await platform.LoginAsync(DemoAccounts.Alice);
        var payments = platform.Client(PlatformModules.Payments);
        var key = $"string-number-{Guid.NewGuid():N}";
        var methodsBefore = await PaymentMethodsOfAsync(platform, DemoAccounts.Alice.Id);

        using var amount = await payments.SendAsync(HttpMethod.Post, Charges, alice,
            PlatformHttp.Json($$"""{"amountCents":"12","currency":"USD","paymentMethodId":"{{DemoAccounts.Alice.SavedCard}}"}"""),
            new Dictionary<string, string> { ["Idempotency-Key"] = key });
        using var month = await payments.SendAsync(HttpMethod.Post, "/api/payments/methods", alice,
            PlatformHttp.Json("""{"brand":"visa","last4":"4242","expiryMonth":"5","expiryYear":2030}"""));
        using var year = await payments.SendAsync(HttpMethod.Post, "/api/payments/methods", alice,
            PlatformHttp.Json("""{"brand":"visa","last4":"4242","expiryMonth":5,"expiryYear":"2030"}"""));

        (await amount.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain("$.amountCents");
        (await month.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain("$.expiryMonth");
        await year.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await ChargesWithKeyAsync(platform, key)).Should().Be(0);
        (await PaymentMethodsOfAsync(platform, DemoAccounts.Alice.Id)).Should().Be(methodsBefore);
    }

    [Fact]
    public async Task A_property_sent_twice_is_a_400_not_whichever_came_last()
    {
        var platform = await Monolith();
        var alice = await platform.LoginAsync(DemoAccounts.Alice);
        var key = $"twice-{Guid.NewGuid():N}";

        // A check in front of the platform reading the first amount, the platform charging the last: one body, two requests.
        using var charge = await platform.Client(PlatformModules.Payments).SendAsync(HttpMethod.Post, Charges, alice,
            PlatformHttp.Json($$"""{"amountCents":1,"amountCents":4900,"currency":"USD","paymentMethodId":"{{DemoAccounts.Alice.SavedCard}}"}"""),
            new Dictionary<string, string> { ["Idempotency-Key"] = key });
        using var login = await platform.Client(PlatformModules.Users).SendAsync(HttpMethod.Post, "/auth/login",
            content: PlatformHttp.Json("""{"email":"bob@eduplatform.test","Email":"alice@eduplatform.test","password":"alice-demo-password"}"""));

        (await charge.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain("$.amountCents");
        await login.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await ChargesWithKeyAsync(platform, key)).Should().Be(0);
    }

    [Fact]
    public async Task A_lower_case_method_is_not_its_upper_case_namesake()
    {
        var platform = await Monolith();
        var ivy = await platform.LoginAsync(DemoAccounts.Ivy);

        // RFC 9110 section 9.1: method names are case-sensitive. `get` is not GET (nginx answers 400 too).
        var read = await RawHttpConnection.ExchangeAsync(platform.BaseAddress(PlatformModules.Courses),
            RawHttpConnection.Request("get", "/api/courses/1", []), CurrentTest.Cancellation);
        var enroll = await RawHttpConnection.ExchangeAsync(platform.BaseAddress(PlatformModules.Courses),
            RawHttpConnection.Request("post", "/api/courses/3/enrollments", [$"Authorization: Bearer {ivy}", "Content-Length: 0"]), CurrentTest.Cancellation);

        read.ShouldBeProblem(HttpStatusCode.BadRequest);
        enroll.ShouldBeProblem(HttpStatusCode.BadRequest);
        (await EnrollmentsOfAsync(platform, ivy)).Should().NotContain(3);
    }

    [Fact]
    public async Task An_enrollment_with_a_broken_chunked_body_enrolls_nobody()
    {
        var platform = await Monolith();
        var ivy = await platform.LoginAsync(DemoAccounts.Ivy);

        var broken = await RawHttpConnection.ExchangeAsync(platform.BaseAddress(PlatformModules.Courses), RawHttpConnection.Request("POST",
            "/api/courses/2/enrollments", [$"Authorization: Bearer {ivy}", "Transfer-Encoding: chunked"], "2\r\n{}\r\nzz\r\n"), CurrentTest.Cancellation);

        broken.ShouldBeProblem(HttpStatusCode.BadRequest);
        (await EnrollmentsOfAsync(platform, ivy)).Should().NotContain(2, "a request the server could not read whole must not act");
    }

    [Theory]
    [InlineData("/api/courses/1%0A")]
    [InlineData("/api/courses/2/lessons%0D")]
    [InlineData("/api/videos?courseId=3%00")]
    [InlineData("/api/videos?courseId=3%0A")]
    [InlineData("/api/videos/1%09")]
    [InlineData("/api/nothing%7Fhere")]
    public async Task A_control_character_in_the_url_is_a_400_not_silently_dropped(string target)
    {
        var platform = await Monolith();

        // Raw, so the target reaches the server exactly as written: .NET's number parsing ignores a trailing NUL
        // and white space, so "3\0" would otherwise be read as course 3.
        var response = await RawHttpConnection.ExchangeAsync(platform.BaseAddress(PlatformModules.Courses),
            RawHttpConnection.Request("GET", target, []), CurrentTest.Cancellation);

        response.ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/courses/1%00")]
    [InlineData("/api/courses/2/lessons%00")]
    public async Task A_nul_in_the_path_is_refused_by_the_server_before_the_platform_sees_it(string target)
    {
        var platform = await Monolith();

        var response = await RawHttpConnection.ExchangeAsync(platform.BaseAddress(PlatformModules.Courses),
            RawHttpConnection.Request("GET", target, []), CurrentTest.Cancellation);

        // Kestrel's own 400, with an empty body (it answers before any middleware runs; the README says so).
        response.Status.Should().Be(400);
        response.Body.Should().BeEmpty();
    }

    [Theory]
    [InlineData(PlatformModules.Users, "POST", "/auth/login", "")]
    [InlineData(PlatformModules.Users, "POST", "/auth/login", "{\"email\":")]
    [InlineData(PlatformModules.Users, "POST", "/auth/login", "{\"email\":5,\"password\":\"x\"}")]
    [InlineData(PlatformModules.Payments, "POST", Charges, "{\"amountCents\":\"lots\"}")]
    [InlineData(PlatformModules.Payments, "POST", "/api/payments/methods", "[]")]
    [InlineData(PlatformModules.Courses, "GET", "/api/courses/abc", null)]
    [InlineData(PlatformModules.Videos, "GET", "/api/videos?courseId=abc", null)]
    [InlineData(PlatformModules.Videos, "GET", "/api/videos/1/chunks/first", null)]
    [InlineData(PlatformModules.Payments, "GET", "/api/payments/charges/last", null)]
    public async Task A_400_says_what_was_wrong_without_naming_the_handler_s_parameters(string module, string method, string path, string? body)
    {
        var platform = await Monolith();
        var alice = await platform.LoginAsync(DemoAccounts.Alice);

        using var response = await platform.Client(module).SendAsync(new HttpMethod(method), path, alice, body is null ? null : PlatformHttp.Json(body),
            new Dictionary<string, string> { ["Idempotency-Key"] = $"detail-{Guid.NewGuid():N}" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace("the client is told what was wrong");
    }

    private Task<PlatformSystem> Monolith() => platforms.GetAsync(PlatformShape.Monolith);

    private static async Task<long> ChargesWithKeyAsync(PlatformSystem platform, string key) =>
        await CountAsync(platform, PlatformModules.Payments, "SELECT count(*) FROM charges WHERE idempotency_key = $1", key);

    private static async Task<long> PaymentMethodsOfAsync(PlatformSystem platform, Guid user) =>
        await CountAsync(platform, PlatformModules.Payments, "SELECT count(*) FROM payment_methods WHERE user_id = $1", user);

    private static async Task<long> CountAsync(PlatformSystem platform, string module, string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionStrings[module]);
        await connection.OpenAsync(CurrentTest.Cancellation);
        await using var count = new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter { Value = parameter } } };
        return (long)(await count.ExecuteScalarAsync(CurrentTest.Cancellation))!;
    }

    private static async Task<List<int>> EnrollmentsOfAsync(PlatformSystem platform, string token)
    {
        using var response = await platform.Client(PlatformModules.Courses).SendAsync(HttpMethod.Get, "/api/courses/enrollments", token);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.JsonAsync()).EnumerateArray().Select(enrollment => enrollment.GetProperty("courseId").GetInt32()).ToList();
    }
}
