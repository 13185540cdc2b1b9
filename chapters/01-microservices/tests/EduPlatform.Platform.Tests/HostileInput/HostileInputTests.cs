using System.Net;
using System.Text;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;
using Npgsql;

namespace EduPlatform.Platform.Tests.HostileInput;

/// <summary>
/// Everything a broken or malicious client sends, at every endpoint: malformed JSON, wrong types,
/// oversized bodies, unknown and out-of-range ids, negative amounts, bad headers. Each gets a 4xx
/// RFC 9457 problem (never a 500, never a stack trace), and nothing is charged or stored.
/// </summary>
public sealed class HostileInputTests(SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    private const string Charges = "/api/payments/charges";
    private const string Methods = "/api/payments/methods";
    private const string Login = "/auth/login";
    private static readonly string Oversized = "{\"description\":\"" + new string('x', 100 * 1024) + "\"}";
    private static readonly string DeepNesting = new string('[', 200) + new string(']', 200);
    private static readonly string ValidCharge = $$"""{"amountCents":4900,"currency":"USD","paymentMethodId":"{{DemoAccounts.Alice.SavedCard}}"}""";

    /// <summary>name → (module, method, path, signed in, body, content type, extra header, expected status).</summary>
    private static readonly Dictionary<string, HostileRequest> Requests = new HostileRequest[]
    {
        // Malformed JSON and wrong types, on every endpoint that takes a body.
        new("login: truncated JSON", "users", "POST", Login, false, "{\"email\":", Status: 400),
        new("login: not JSON", "users", "POST", Login, false, "email=alice", Status: 400),
        new("login: array instead of object", "users", "POST", Login, false, "[1,2,3]", Status: 400),
        new("login: null body", "users", "POST", Login, false, "null", Status: 400),
        new("login: empty body", "users", "POST", Login, false, "", Status: 400),
        new("login: number as email", "users", "POST", Login, false, "{\"email\":5,\"password\":\"x\"}", Status: 400),
        new("login: 300-character email", "users", "POST", Login, false, $"{{\"email\":\"{new string('a', 300)}@x.test\",\"password\":\"x\"}}", Status: 400),
        new("login: form content type", "users", "POST", Login, false, "{}", ContentType: "application/x-www-form-urlencoded", Status: 415),
        new("login: 100 KiB body", "users", "POST", Login, false, Oversized, Status: 413),
        new("login: 200 levels of nesting", "users", "POST", Login, false, DeepNesting, Status: 400),
        new("charge: truncated JSON", "payments", "POST", Charges, true, "{\"amountCents\":", Key: "k", Status: 400),
        new("charge: amount as text", "payments", "POST", Charges, true, "{\"amountCents\":\"lots\",\"currency\":\"USD\"}", Key: "k", Status: 400),
        new("charge: amount beyond Int64", "payments", "POST", Charges, true, "{\"amountCents\":99999999999999999999999}", Key: "k", Status: 400),
        new("charge: amount 1e400", "payments", "POST", Charges, true, "{\"amountCents\":1e400}", Key: "k", Status: 400),
        new("charge: method id not a GUID", "payments", "POST", Charges, true, "{\"amountCents\":1,\"currency\":\"USD\",\"paymentMethodId\":\"card-1\"}", Key: "k", Status: 400),
        new("charge: 100 KiB body", "payments", "POST", Charges, true, Oversized, Key: "k", Status: 413),
        new("method: expiry month as text", "payments", "POST", Methods, true, "{\"brand\":\"visa\",\"last4\":\"4242\",\"expiryMonth\":\"May\",\"expiryYear\":2030}", Status: 400),
        new("method: 100 KiB body", "payments", "POST", Methods, true, Oversized, Status: 413),
        // Values that parse but are not allowed.
        new("charge: negative amount", "payments", "POST", Charges, true, ValidCharge.Replace("4900", "-4900", StringComparison.Ordinal), Key: "k", Status: 400),
        new("charge: zero amount", "payments", "POST", Charges, true, ValidCharge.Replace("4900", "0", StringComparison.Ordinal), Key: "k", Status: 400),
        new("charge: amount over the limit", "payments", "POST", Charges, true, ValidCharge.Replace("4900", "100000001", StringComparison.Ordinal), Key: "k", Status: 400),
        new("charge: unknown currency", "payments", "POST", Charges, true, ValidCharge.Replace("USD", "XXX", StringComparison.Ordinal), Key: "k", Status: 400),
        new("charge: lower-case currency", "payments", "POST", Charges, true, ValidCharge.Replace("USD", "usd", StringComparison.Ordinal), Key: "k", Status: 400),
        new("charge: no idempotency key", "payments", "POST", Charges, true, ValidCharge, Status: 400),
        new("charge: 300-character idempotency key", "payments", "POST", Charges, true, ValidCharge, Key: new string('k', 300), Status: 400),
        new("charge: idempotency key with spaces", "payments", "POST", Charges, true, ValidCharge, Key: "two words", Status: 400),
        new("charge: unknown payment method", "payments", "POST", Charges, true, ValidCharge.Replace(DemoAccounts.Alice.SavedCard.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal), Key: "k", Status: 422),
        new("charge: someone else's card", "payments", "POST", Charges, true, ValidCharge.Replace(DemoAccounts.Alice.SavedCard.ToString(), DemoAccounts.Bob.SavedCard.ToString(), StringComparison.Ordinal), Key: "k", Status: 422),
        new("method: unknown brand", "payments", "POST", Methods, true, "{\"brand\":\"diners\",\"last4\":\"4242\",\"expiryMonth\":5,\"expiryYear\":2030}", Status: 400),
        new("method: full card number", "payments", "POST", Methods, true, "{\"brand\":\"visa\",\"last4\":\"4242424242424242\",\"expiryMonth\":5,\"expiryYear\":2030}", Status: 400),
        new("method: month 13", "payments", "POST", Methods, true, "{\"brand\":\"visa\",\"last4\":\"4242\",\"expiryMonth\":13,\"expiryYear\":2030}", Status: 400),
        // Unknown, malformed and out-of-range ids.
        new("course 999", "courses", "GET", "/api/courses/999", false, Status: 404),
        new("course -1", "courses", "GET", "/api/courses/-1", false, Status: 404),
        new("course id not a number", "courses", "GET", "/api/courses/abc", false, Status: 400),
        new("course id beyond Int32", "courses", "GET", "/api/courses/99999999999", false, Status: 400),
        new("lessons of course 999", "courses", "GET", "/api/courses/999/lessons", false, Status: 404),
        new("enroll in course 999", "courses", "POST", "/api/courses/999/enrollments", true, Status: 404),
        new("video 999", "videos", "GET", "/api/videos/999", false, Status: 404),
        new("videos of course 'abc'", "videos", "GET", "/api/videos?courseId=abc", false, Status: 400),
        new("chunk of video 999", "videos", "GET", "/api/videos/999/chunks/0", true, Status: 404),
        new("chunk -1", "videos", "GET", "/api/videos/1/chunks/-1", true, Status: 404),
        new("chunk past the end", "videos", "GET", "/api/videos/1/chunks/100000", true, Status: 404),
        new("chunk index not a number", "videos", "GET", "/api/videos/1/chunks/first", true, Status: 400),
        new("user id not a GUID", "users", "GET", "/api/users/alice", true, Status: 400),
        new("unknown user", "users", "GET", $"/api/users/{Guid.NewGuid()}", true, Status: 404),
        new("unknown charge", "payments", "GET", $"/api/payments/charges/{Guid.NewGuid()}", true, Status: 404),
        new("charge id not a GUID", "payments", "GET", "/api/payments/charges/last", true, Status: 400),
        // Routes and methods that do not exist; credentials that are not credentials.
        new("unknown route", "courses", "GET", "/api/nothing-here", false, Status: 404),
        new("DELETE a course", "courses", "DELETE", "/api/courses/1", false, Status: 405),
        new("PUT a charge", "payments", "PUT", Charges, true, ValidCharge, Status: 405),
        new("Basic credentials", "payments", "GET", Methods, false, Authorization: "Basic YWxpY2U6cGFzc3dvcmQ=", Status: 401),
        new("Bearer garbage", "payments", "GET", Methods, false, Authorization: "Bearer x.y.z", Status: 401),
        new("Bearer unsigned token", "payments", "GET", Methods, false, Authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.", Status: 401),
    }.ToDictionary(request => request.Name);

    public static TheoryData<string> RequestNames => [.. Requests.Keys];

    [Theory, MemberData(nameof(RequestNames))]
    public async Task A_hostile_request_gets_a_4xx_problem_and_never_a_500(string name)
    {
        var request = Requests[name];
        var platform = await platforms.GetAsync(PlatformShape.Monolith);
        var token = request.SignedIn ? await platform.LoginAsync(DemoAccounts.Alice) : null;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(request.ContentType);
        }

        if (token is not null)
        {
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        else if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        if (request.Key is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", request.Key);
        }

        using var response = await platform.Client(request.Module).SendAsync(message, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync((HttpStatusCode)request.Status);
    }

    [Fact]
    public async Task After_every_hostile_charge_nothing_was_charged()
    {
        var platform = await platforms.GetAsync(PlatformShape.Monolith);
        foreach (var name in Requests.Keys.Where(name => name.StartsWith("charge:", StringComparison.Ordinal)))
        {
            await A_hostile_request_gets_a_4xx_problem_and_never_a_500(name);
        }

        await using var connection = new NpgsqlConnection(platform.ConnectionStrings[PlatformModules.Payments]);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM charges WHERE idempotency_key IN ('k', $1, 'two words')", connection)
        {
            Parameters = { new NpgsqlParameter { Value = new string('k', 300) } },
        };
        ((long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).Should().Be(0);
    }

    private sealed record HostileRequest(
        string Name, string Module, string Method, string Path, bool SignedIn, string? Body = null,
        string ContentType = "application/json", string? Key = null, string? Authorization = null, int Status = 400);
}
