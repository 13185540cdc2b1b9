using System.Text;
using EduPlatform.Platform.Testing;

namespace EduPlatform.Platform.Tests.HostileInput;

/// <summary>
/// The hostile-input table for chapter 01's HTTP surface: what a broken or malicious client sends, per module, with
/// the answer each must get. Three parts: what every endpoint must survive (a bad request line, oversized or broken
/// bodies and headers, the wrong method), what every protected endpoint must refuse (every kind of bad token), and
/// each body and id an endpoint takes (malformed JSON, wrong types, NUL and other unicode, huge and deep bodies,
/// duplicate headers, ids that do not exist). No case may be answered 2xx or 5xx, and none may store anything.
/// </summary>
public static class HostileCases
{
    private const string Login = "/auth/login";
    private const string Charges = "/api/payments/charges";
    private const string Methods = "/api/payments/methods";

    private static readonly string Oversized = "{\"description\":\"" + new string('x', 100 * 1024) + "\"}";
    private static readonly string DeepNesting = new string('[', 200) + new string(']', 200);
    private static readonly string Card = DemoAccounts.Alice.SavedCard.ToString();
    private static readonly string ValidCharge = $$"""{"amountCents":4900,"currency":"USD","paymentMethodId":"{{Card}}"}""";
    private static readonly string ValidMethod = """{"brand":"visa","last4":"4242","expiryMonth":5,"expiryYear":2030}""";

    /// <summary>Every endpoint of the platform: its module, method, path, whether it needs a token, and the body it takes.</summary>
    private static readonly Endpoint[] Endpoints =
    [
        new(PlatformModules.Users, "POST", Login, false, """{"email":"alice@eduplatform.test","password":"wrong"}"""),
        new(PlatformModules.Users, "GET", "/.well-known/jwks.json", false),
        new(PlatformModules.Users, "GET", "/api/users/me", true),
        new(PlatformModules.Users, "GET", $"/api/users/{DemoAccounts.Bob.Id}", true),
        new(PlatformModules.Users, "GET", "/health/ready", false),
        new(PlatformModules.Users, "GET", "/", false),
        new(PlatformModules.Courses, "GET", "/api/courses", false),
        new(PlatformModules.Courses, "GET", "/api/courses/1", false),
        new(PlatformModules.Courses, "GET", "/api/courses/1/lessons", false),
        new(PlatformModules.Courses, "GET", "/api/courses/enrollments", true),
        new(PlatformModules.Courses, "POST", "/api/courses/3/enrollments", true),
        new(PlatformModules.Courses, "GET", "/health/live", false),
        new(PlatformModules.Videos, "GET", "/api/videos", false),
        new(PlatformModules.Videos, "GET", "/api/videos?courseId=1", false),
        new(PlatformModules.Videos, "GET", "/api/videos/1", false),
        new(PlatformModules.Videos, "GET", "/api/videos/1/chunks/0", true),
        new(PlatformModules.Videos, "GET", "/health/ready", false),
        new(PlatformModules.Payments, "GET", Methods, true),
        new(PlatformModules.Payments, "POST", Methods, true, ValidMethod),
        new(PlatformModules.Payments, "GET", Charges, true),
        new(PlatformModules.Payments, "POST", Charges, true, ValidCharge, IdempotencyKey: true),
        new(PlatformModules.Payments, "GET", $"{Charges}/{Guid.Empty}", true),
    ];

    public static IReadOnlyList<HostileRequest> All { get; } = [.. EveryEndpoint(), .. EveryProtectedEndpoint(), .. Bodies(), .. Ids()];

    public static IReadOnlyDictionary<string, HostileRequest> ByName { get; } = All.ToDictionary(request => request.Name);

    /// <summary>What any endpoint must survive, whether or not it takes a body or a token.</summary>
    private static IEnumerable<HostileRequest> EveryEndpoint()
    {
        foreach (var endpoint in Endpoints)
        {
            var at = $"{endpoint.Module} {endpoint.Method} {endpoint.Path}";
            var genuine = endpoint.Request(at).WithJsonIfAny();
            yield return genuine with { Name = $"{at}: lower-case method", Method = endpoint.Method.ToLowerInvariant(), Expected = Expected.Problem(400) };
            yield return genuine with { Name = $"{at}: control character in the query", Target = WithQuery(endpoint.Path, "note=%01"), Expected = Expected.Problem(400) };
            yield return genuine with { Name = $"{at}: NUL in the path", Target = WithSegment(endpoint.Path, "%00"), Expected = Expected.RefusedByKestrel(400, "a NUL in the path: Kestrel refuses it before any middleware") };
            yield return genuine with { Name = $"{at}: body over the size limit", Body = Encoding.UTF8.GetBytes(Oversized), Expected = Expected.Problem(413) };
            yield return genuine with
            {
                Name = $"{at}: broken chunked framing", Framing = Framing.RawChunked, Body = Encoding.ASCII.GetBytes("2\r\n{}\r\nzz\r\n"),
                Expected = Expected.Problem(400),
            };
            yield return genuine.WithHeader("X-Padding", new string('p', 40 * 1024)) with
            {
                Name = $"{at}: 40 KiB of headers", Expected = Expected.RefusedByKestrel(431, "headers over Kestrel's 32 KiB limit: refused before the app"),
            };
            yield return genuine with
            {
                Name = $"{at}: 9 KiB request target", Target = WithQuery(endpoint.Path, "q=" + new string('q', 9 * 1024)),
                Expected = Expected.RefusedByKestrel(414, "a request line over Kestrel's 8 KiB limit: refused before the app"),
            };
            yield return genuine.WithHeader("Content-Length", "2").WithHeader("Content-Length", "3") with
            {
                Name = $"{at}: two Content-Length values", Framing = Framing.AsHeadersSay, Body = Encoding.ASCII.GetBytes("{}"),
                Expected = Expected.RefusedByKestrel(400, "conflicting Content-Length fields (request smuggling): Kestrel refuses them"),
            };
            yield return genuine with
            {
                Name = $"{at}: wrong method", Method = endpoint.Method == "GET" ? "DELETE" : "PUT", Expected = Expected.Problem(405),
            };
        }
    }

    /// <summary>Every bad credential, at every endpoint that needs a token.</summary>
    private static IEnumerable<HostileRequest> EveryProtectedEndpoint() =>
        from endpoint in Endpoints
        where endpoint.SignedIn
        from credential in Credential.Refused
        let at = $"{endpoint.Module} {endpoint.Method} {endpoint.Path}"
        select endpoint.Request(at).WithJsonIfAny() with { Name = $"{at}: token {credential}", Credential = credential, Expected = Expected.Problem(401) };

    /// <summary>The bodies and headers each endpoint that takes a body must refuse.</summary>
    private static IEnumerable<HostileRequest> Bodies()
    {
        var login = new HostileRequest("", PlatformModules.Users, "POST", Login, Expected.Problem(400));
        HostileRequest LoginWith(string name, string json, int status = 400) => login.WithJson(json) with { Name = $"login: {name}", Expected = Expected.Problem(status) };
        yield return LoginWith("truncated JSON", "{\"email\":");
        yield return LoginWith("not JSON", "email=alice");
        yield return LoginWith("array instead of object", "[1,2,3]");
        yield return LoginWith("null body", "null");
        yield return LoginWith("empty body", "");
        yield return LoginWith("number as email", "{\"email\":5,\"password\":\"x\"}");
        yield return LoginWith("number as password", "{\"email\":\"alice@eduplatform.test\",\"password\":123}");
        yield return LoginWith("300-character email", $"{{\"email\":\"{new string('a', 300)}@x.test\",\"password\":\"x\"}}");
        yield return LoginWith("1025-character password", $"{{\"email\":\"alice@eduplatform.test\",\"password\":\"{new string('p', 1025)}\"}}");
        yield return LoginWith("NUL in the email", """{"email":"a\u0000@x","password":"p"}""");
        yield return LoginWith("NUL in the password", """{"email":"alice@eduplatform.test","password":"p\u0000"}""");
        yield return LoginWith("lone surrogate in the email", """{"email":"a\ud800@x","password":"p"}""");
        yield return LoginWith("the email twice", """{"email":"bob@eduplatform.test","email":"alice@eduplatform.test","password":"p"}""");
        yield return LoginWith("200 levels of nesting", DeepNesting);
        yield return LoginWith("Cyrillic look-alike email", """{"email":"аlice@eduplatform.test","password":"alice-demo-password"}""", 401);
        yield return LoginWith("right-to-left override in the email", """{"email":"\u202Eecila@eduplatform.test","password":"x"}""", 401);
        yield return LoginWith("100 KiB body", Oversized, 413);
        yield return login with { Name = "login: invalid UTF-8", Body = [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'] };
        yield return login.WithJson("{}") with { Name = "login: form content type", ContentType = "application/x-www-form-urlencoded", Expected = Expected.Problem(415) };
        yield return login.WithJson("{}") with { Name = "login: text/plain", ContentType = "text/plain", Expected = Expected.Problem(415) };
        yield return login.WithJson("{}") with { Name = "login: no content type", ContentType = null, Expected = Expected.Problem(415) };

        var charge = new HostileRequest("", PlatformModules.Payments, "POST", Charges, Expected.Problem(400)) { Credential = Credential.Alice }
            .WithHeader("Idempotency-Key", "hostile-k");
        HostileRequest ChargeWith(string name, string json, int status = 400) => charge.WithJson(json) with { Name = $"charge: {name}", Expected = Expected.Problem(status) };
        HostileRequest Changed(string name, string from, string to, int status = 400) => ChargeWith(name, ValidCharge.Replace(from, to, StringComparison.Ordinal), status);
        yield return ChargeWith("truncated JSON", "{\"amountCents\":");
        yield return ChargeWith("amount as text", "{\"amountCents\":\"lots\",\"currency\":\"USD\"}");
        yield return Changed("amount as a numeric string", "4900", "\"4900\"");
        yield return Changed("amount with a fraction", "4900", "49.5");
        yield return Changed("amount true", "4900", "true");
        yield return ChargeWith("amount beyond Int64", "{\"amountCents\":99999999999999999999999}");
        yield return ChargeWith("amount 1e400", "{\"amountCents\":1e400}");
        yield return Changed("negative amount", "4900", "-4900");
        yield return Changed("zero amount", "4900", "0");
        yield return Changed("amount over the limit", "4900", "100000001");
        yield return Changed("unknown currency", "USD", "XXX");
        yield return Changed("lower-case currency", "USD", "usd");
        yield return Changed("full-width currency", "USD", "ＵＳＤ");
        yield return ChargeWith("method id not a GUID", "{\"amountCents\":1,\"currency\":\"USD\",\"paymentMethodId\":\"card-1\"}");
        yield return Changed("empty method id", Card, Guid.Empty.ToString());
        yield return ChargeWith("amount twice", $$"""{"amountCents":1,"amountCents":4900,"currency":"USD","paymentMethodId":"{{Card}}"}""");
        yield return ChargeWith("NUL in the description", ValidCharge.Replace("}", ",\"description\":\"x\\u0000y\"}", StringComparison.Ordinal));
        yield return ChargeWith("lone surrogate in the description", ValidCharge.Replace("}", ",\"description\":\"x\\udc00y\"}", StringComparison.Ordinal));
        yield return ChargeWith("201-character description", ValidCharge.Replace("}", $",\"description\":\"{new string('d', 201)}\"}}", StringComparison.Ordinal));
        yield return ChargeWith("100 KiB body", Oversized, 413);
        yield return ChargeWith("no body", "");
        yield return Changed("unknown payment method", Card, Guid.NewGuid().ToString(), 422);
        yield return Changed("someone else's card", Card, DemoAccounts.Bob.SavedCard.ToString(), 422);
        var keyless = charge with { Headers = [] };
        yield return keyless.WithJson(ValidCharge) with { Name = "charge: no idempotency key" };
        yield return keyless.WithJson(ValidCharge).WithHeader("Idempotency-Key", new string('k', 300)) with { Name = "charge: 300-character idempotency key" };
        yield return keyless.WithJson(ValidCharge).WithHeader("Idempotency-Key", "two words") with { Name = "charge: idempotency key with spaces" };
        yield return keyless.WithJson(ValidCharge).WithHeader("Idempotency-Key", "hostile-a,hostile-b") with { Name = "charge: idempotency key listing two" };
        yield return keyless.WithJson(ValidCharge).WithHeader("Idempotency-Key", "hostile-a").WithHeader("Idempotency-Key", "hostile-b") with { Name = "charge: two idempotency keys" };
        yield return keyless.WithJson(ValidCharge).WithHeader("Idempotency-Key", "ключ") with { Name = "charge: non-ASCII idempotency key" };
        yield return keyless.WithJson(ValidCharge).WithHeader("Idempotency-Key", "hostile\u0001k") with { Name = "charge: escaped control character in the key" };

        var method = new HostileRequest("", PlatformModules.Payments, "POST", Methods, Expected.Problem(400)) { Credential = Credential.Alice };
        HostileRequest MethodWith(string name, string json, int status = 400) => method.WithJson(json) with { Name = $"method: {name}", Expected = Expected.Problem(status) };
        yield return MethodWith("expiry month as text", ValidMethod.Replace("5", "\"May\"", StringComparison.Ordinal));
        yield return MethodWith("expiry month as a numeric string", ValidMethod.Replace("5", "\"5\"", StringComparison.Ordinal));
        yield return MethodWith("expiry year as a numeric string", ValidMethod.Replace("2030", "\"2030\"", StringComparison.Ordinal));
        yield return MethodWith("unknown brand", ValidMethod.Replace("visa", "diners", StringComparison.Ordinal));
        yield return MethodWith("Cyrillic look-alike brand", ValidMethod.Replace("visa", "vіsa", StringComparison.Ordinal));
        yield return MethodWith("NUL in the brand", ValidMethod.Replace("visa", "vi\\u0000sa", StringComparison.Ordinal));
        yield return MethodWith("full card number", ValidMethod.Replace("\"4242\"", "\"4242424242424242\"", StringComparison.Ordinal));
        yield return MethodWith("full-width digits", ValidMethod.Replace("4242", "４２４２", StringComparison.Ordinal));
        yield return MethodWith("month 13", ValidMethod.Replace("5", "13", StringComparison.Ordinal));
        yield return MethodWith("month 0", ValidMethod.Replace("5", "0", StringComparison.Ordinal));
        yield return MethodWith("year 1999", ValidMethod.Replace("2030", "1999", StringComparison.Ordinal));
        yield return MethodWith("null body", "null");
        yield return MethodWith("100 KiB body", Oversized, 413);
    }

    /// <summary>Ids that are malformed, out of range, or name nothing (and routes and methods that do not exist).</summary>
    private static IEnumerable<HostileRequest> Ids()
    {
        HostileRequest Get(string name, string module, string path, int status, bool signedIn = false, string method = "GET") =>
            new(name, module, method, path, Expected.Problem(status)) { Credential = signedIn ? Credential.Alice : Credential.None };
        yield return Get("course 999", PlatformModules.Courses, "/api/courses/999", 404);
        yield return Get("course -1", PlatformModules.Courses, "/api/courses/-1", 404);
        yield return Get("course id not a number", PlatformModules.Courses, "/api/courses/abc", 400);
        yield return Get("course id 1.5", PlatformModules.Courses, "/api/courses/1.5", 400);
        yield return Get("course id in hex", PlatformModules.Courses, "/api/courses/0x1", 400);
        yield return Get("course id beyond Int32", PlatformModules.Courses, "/api/courses/99999999999", 400);
        yield return Get("course id with a trailing newline", PlatformModules.Courses, "/api/courses/1%0A", 400);
        yield return Get("lessons of course 999", PlatformModules.Courses, "/api/courses/999/lessons", 404);
        yield return Get("enroll in course 999", PlatformModules.Courses, "/api/courses/999/enrollments", 404, signedIn: true, method: "POST");
        yield return Get("enroll in course abc", PlatformModules.Courses, "/api/courses/abc/enrollments", 400, signedIn: true, method: "POST");
        yield return Get("video 999", PlatformModules.Videos, "/api/videos/999", 404);
        yield return Get("videos of course 'abc'", PlatformModules.Videos, "/api/videos?courseId=abc", 400);
        yield return Get("videos of course 3 and a NUL", PlatformModules.Videos, "/api/videos?courseId=3%00", 400);
        yield return Get("chunk of video 999", PlatformModules.Videos, "/api/videos/999/chunks/0", 404, signedIn: true);
        yield return Get("chunk -1", PlatformModules.Videos, "/api/videos/1/chunks/-1", 404, signedIn: true);
        yield return Get("chunk past the end", PlatformModules.Videos, "/api/videos/1/chunks/100000", 404, signedIn: true);
        yield return Get("chunk index not a number", PlatformModules.Videos, "/api/videos/1/chunks/first", 400, signedIn: true);
        yield return Get("user id not a GUID", PlatformModules.Users, "/api/users/alice", 400, signedIn: true);
        yield return Get("unknown user", PlatformModules.Users, $"/api/users/{Guid.NewGuid()}", 404, signedIn: true);
        yield return Get("unknown charge", PlatformModules.Payments, $"{Charges}/{Guid.NewGuid()}", 404, signedIn: true);
        yield return Get("charge id not a GUID", PlatformModules.Payments, $"{Charges}/last", 400, signedIn: true);
        yield return Get("unknown route", PlatformModules.Courses, "/api/nothing-here", 404);
        yield return Get("DELETE a course", PlatformModules.Courses, "/api/courses/1", 405, method: "DELETE");
        yield return Get("PUT a charge", PlatformModules.Payments, Charges, 405, signedIn: true, method: "PUT");
    }

    private static string WithQuery(string path, string query) => path.Contains('?', StringComparison.Ordinal) ? $"{path}&{query}" : $"{path}?{query}";

    private static string WithSegment(string path, string suffix)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? path.TrimEnd('/') + "/" + suffix : path[..query].TrimEnd('/') + "/" + suffix + path[query..];
    }

    /// <summary>One endpoint of the platform, and a genuine request to it that each case spoils in one way.</summary>
    private sealed record Endpoint(string Module, string Method, string Path, bool SignedIn, string? Body = null, bool IdempotencyKey = false)
    {
        public Genuine Request(string name)
        {
            var request = new HostileRequest(name, Module, Method, Path, Expected.Problem(400)) { Credential = SignedIn ? Credential.Alice : Credential.None };
            return new Genuine(IdempotencyKey ? request.WithHeader("Idempotency-Key", "hostile-k") : request, Body);
        }
    }

    /// <summary>A genuine request and its body, before a case spoils it.</summary>
    private sealed record Genuine(HostileRequest Request, string? Body)
    {
        public HostileRequest WithJsonIfAny() => Body is null ? Request : Request.WithJson(Body);
    }
}
