using System.Text;

namespace EduPlatform.Gateway.Tests.Hostile;

/// <summary>
/// The table of GatewayHostileInputTests: at least 50 hostile requests over the gateway's surface (tokens, headers,
/// paths and methods, bodies and their framing, login bodies), each with who must answer it and how.
/// </summary>
public static class HostileCases
{
    public const string Tokens = "tokens";
    public const string Headers = "headers";
    public const string Paths = "paths and methods";
    public const string Bodies = "bodies and framing";
    public const string Logins = "login bodies";

    private const string Protected = "/api/users/me";
    private const string Public = "/api/courses/1";
    private const string Login = "/api/auth/login";

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        // Tokens: whatever the credential, a 401 problem before any service sees it, public routes and /health included.
        Case(Tokens, "one-word bearer token", _ => Get(Protected, "Authorization: Bearer abc"), Answerer.Gateway, 401),
        Case(Tokens, "two-part bearer token", _ => Get(Protected, "Authorization: Bearer a.b"), Answerer.Gateway, 401),
        Case(Tokens, "three parts of garbage", _ => Get(Protected, "Authorization: Bearer a.b.c"), Answerer.Gateway, 401),
        Case(Tokens, "five parts (an encrypted token's shape)", _ => Get(Protected, "Authorization: Bearer a.b.c.d.e"), Answerer.Gateway, 401),
        Case(Tokens, "scheme without a token", _ => Get(Protected, "Authorization: Bearer"), Answerer.Gateway, 401),
        Case(Tokens, "lower-case scheme, garbage token", _ => Get(Protected, "Authorization: bearer abc"), Answerer.Gateway, 401),
        Case(Tokens, "unsigned token (alg none)", _ => Get(Protected, "Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."), Answerer.Gateway, 401),
        Case(Tokens, "token of 20 KiB", _ => Get(Protected, $"Authorization: Bearer {new string('a', 20 * 1024)}"), Answerer.Gateway, 401),
        Case(Tokens, "token that is not ASCII", _ => Get(Protected, "Authorization: Bearer ключ.ключ.ключ"), Answerer.Gateway, 401),
        Case(Tokens, "two Authorization headers", tokens => Get(Protected, $"Authorization: Bearer {tokens.Valid}", "Authorization: Bearer abc"), Answerer.Gateway, 401),
        Case(Tokens, "Basic credentials", _ => Get(Protected, "Authorization: Basic YWRtaW46YWRtaW4="), Answerer.Gateway, 401),
        Case(Tokens, "expired token on a public route", tokens => Get(Public, $"Authorization: Bearer {tokens.Expired}"), Answerer.Gateway, 401),
        Case(Tokens, "malformed token on /health", _ => Get("/health", "Authorization: Bearer a.b"), Answerer.Gateway, 401),
        Case(Tokens, "no token on a protected route", _ => Get(Protected), Answerer.Gateway, 401),

        // Headers: the gateway's own limits and rules as problems; what Kestrel refuses first, documented.
        Case(Headers, "control character in a value", _ => Get(Public, "X-Note: a\u0001b"), Answerer.Gateway, 400),
        Case(Headers, "escape sequence in a value", _ => Get(Public, "X-Note: \u001b[31mred"), Answerer.Gateway, 400),
        Case(Headers, "DEL in a value", _ => Get(Public, "X-Note: a\u007fb"), Answerer.Gateway, 400),
        Case(Headers, "a header of 40 KiB", _ => Get(Public, $"X-Big: {new string('b', 40 * 1024)}"), Answerer.Gateway, 431),
        Case(Headers, "150 header fields", _ => Get(Public, [.. Enumerable.Range(0, 150).Select(i => $"X-Field-{i}: v")]), Answerer.Gateway, 431),
        Case(Headers, "spoofed identity headers without a token", _ => Get(Protected, "X-User-Id: admin", "X-User-Roles: admin"), Answerer.Gateway, 401),
        Case(Headers, "a value that is not ASCII, no token", _ => Get(Protected, "X-Note: ключ"), Answerer.Gateway, 401),
        Case(Headers, "garbage X-Forwarded-For, no token", _ => Get(Protected, "X-Forwarded-For: not-an-address, ::::"), Answerer.Gateway, 401),
        Case(Headers, "hostile X-Correlation-Id, no token", _ => Get(Protected, "X-Correlation-Id: <script>alert(1)</script>"), Answerer.Gateway, 401),
        Case(Headers, "a header of 80 KiB (over Kestrel's limit)", _ => Get(Public, $"X-Big: {new string('b', 80 * 1024)}"), Answerer.WebServer, 431),
        Case(Headers, "250 header fields (over Kestrel's limit)", _ => Get(Public, [.. Enumerable.Range(0, 250).Select(i => $"X-Field-{i}: v")]), Answerer.WebServer, 431),
        Case(Headers, "NUL in a value", _ => Get(Public, "X-Note: a\0b"), Answerer.WebServer, 400),
        Case(Headers, "bytes that are not UTF-8 in a value", _ => Bytes($"GET {Public} HTTP/1.1\r\nHost: gateway\r\nX-Note: ", [0xff, 0xfe], "\r\nConnection: close\r\n\r\n"), Answerer.WebServer, 400),
        Case(Headers, "a line without a colon", _ => Get(Public, "Broken header line"), Answerer.WebServer, 400),
        Case(Headers, "a folded (obs-fold) value", _ => Get(Public, "X-Note: a", " folded"), Answerer.WebServer, 400),
        Case(Headers, "a space in a header name", _ => Get(Public, "X Note: v"), Answerer.WebServer, 400),
        Case(Headers, "two Host headers", _ => Text($"GET {Public} HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"), Answerer.WebServer, 400),
        Case(Headers, "no Host header", _ => Text($"GET {Public} HTTP/1.1\r\nConnection: close\r\n\r\n"), Answerer.WebServer, 400),

        // Paths and methods.
        Case(Paths, "a route that does not exist", _ => Get("/api/grades/7"), Answerer.Gateway, 404),
        Case(Paths, "dot segments", _ => Get("/api/../admin"), Answerer.Gateway, 404),
        Case(Paths, "encoded dot segments", _ => Get("/api/%2e%2e/admin"), Answerer.Gateway, 404),
        Case(Paths, "an encoded slash", _ => Get("/api/courses%2F1"), Answerer.Gateway, 404),
        Case(Paths, "an encoded line break", _ => Get("/api/grades%0A7"), Answerer.Gateway, 404),
        Case(Paths, "a path that is not ASCII", _ => Get("/api/%D0%BA%D1%83%D1%80%D1%81%D1%8B"), Answerer.Gateway, 404),
        Case(Paths, "a course id that is not a number, no token", _ => Get("/api/courses/abc"), Answerer.Gateway, 401),
        Case(Paths, "a course that does not exist", _ => Get("/api/courses/999999"), Answerer.Service, 404),
        Case(Paths, "a video that does not exist", _ => Get("/api/videos/2147483647"), Answerer.Service, 404),
        Case(Paths, "a target of 12 KiB", _ => Get($"{Public}?q={new string('q', 12 * 1024)}"), Answerer.Gateway, 414),
        Case(Paths, "an unknown method", _ => Text($"FOO {Public} HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n"), Answerer.Gateway, 401),
        Case(Paths, "DELETE on the route table", _ => Text("DELETE /docs HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n"), Answerer.Gateway, 404),
        Case(Paths, "CONNECT", _ => Text("CONNECT internal.example:443 HTTP/1.1\r\nHost: internal.example:443\r\nConnection: close\r\n\r\n"), Answerer.Gateway, 404),
        Case(Paths, "asterisk-form OPTIONS", _ => Text("OPTIONS * HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n"), Answerer.Gateway, 404),
        Case(Paths, "a target of 20 KiB (over Kestrel's limit)", _ => Get($"{Public}?q={new string('q', 20 * 1024)}"), Answerer.WebServer, 414),
        Case(Paths, "NUL in the path", _ => Get("/api/courses/1%00"), Answerer.WebServer, 400),
        Case(Paths, "a raw space in the path", _ => Get("/api/cou rses"), Answerer.WebServer, 400),
        Case(Paths, "absolute-form target to another host", _ => Text("GET http://internal.example/api/users/me HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n"), Answerer.WebServer, 400),
        Case(Paths, "a method with a separator", _ => Text($"G@T {Public} HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n"), Answerer.WebServer, 400),
        Case(Paths, "an HTTP version that does not exist", _ => Text($"GET {Public} HTTP/9.9\r\nHost: gateway\r\nConnection: close\r\n\r\n"), Answerer.WebServer, 505),

        // Bodies and their framing.
        Case(Bodies, "chunk size that overflows", _ => Chunked(Login, "ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), Answerer.Gateway, 400),
        Case(Bodies, "chunk size that is not hex", _ => Chunked(Login, "zz\r\n{}\r\n0\r\n\r\n"), Answerer.Gateway, 400),
        Case(Bodies, "chunk data longer than its size", _ => Chunked(Login, "2\r\n{\"email\":\"x\"}\r\n0\r\n\r\n"), Answerer.Gateway, 400),
        Case(Bodies, "broken chunks on an authenticated route", tokens => Chunked("/api/courses/1/enrollments", "zz\r\n{}\r\n0\r\n\r\n", $"Authorization: Bearer {tokens.Valid}"), Answerer.Gateway, 400),
        Case(Bodies, "broken chunks on a retried (idempotent) route", tokens => Chunked("/api/courses/1", "zz\r\n{}\r\n0\r\n\r\n", $"Authorization: Bearer {tokens.Valid}", method: "PUT"), Answerer.Gateway, 400),
        Case(Bodies, "a body declared over the login route's 4 KiB", _ => Post(Login, new string('x', 5000)), Answerer.Gateway, 413),
        Case(Bodies, "a chunked body over the login route's 4 KiB", _ => Chunked(Login, $"1400\r\n{new string('x', 0x1400)}\r\n0\r\n\r\n"), Answerer.Gateway, 413),
        Case(Bodies, "a body declared at 100 GB", _ => Text($"POST {Login} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000000000\r\nConnection: close\r\n\r\n"), Answerer.Gateway, 413),
        Case(Bodies, "an enrolment of 2 MiB (limit 1 MiB)", tokens => Post("/api/courses/1/enrollments", new string('x', 2 * 1024 * 1024), $"Authorization: Bearer {tokens.Valid}"), Answerer.Gateway, 413),
        Case(Bodies, "a payment of 20 KiB (limit 16 KiB)", tokens => Post("/api/payments/charges", new string('x', 20 * 1024), $"Authorization: Bearer {tokens.Valid}"), Answerer.Gateway, 413),
        Case(Bodies, "a body on a protected route, no token", _ => Post("/api/payments/charges", """{"amountCents":1}"""), Answerer.Gateway, 401),
        Case(Bodies, "Content-Length that is not a number", _ => Text($"POST {Login} HTTP/1.1\r\nHost: gateway\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{{}}"), Answerer.WebServer, 400),
        Case(Bodies, "a negative Content-Length", _ => Text($"POST {Login} HTTP/1.1\r\nHost: gateway\r\nContent-Length: -5\r\nConnection: close\r\n\r\n"), Answerer.WebServer, 400),
        Case(Bodies, "two Content-Length headers", _ => Text($"POST {Login} HTTP/1.1\r\nHost: gateway\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"), Answerer.WebServer, 400),
        Case(Bodies, "a transfer coding that does not end in chunked", _ => Text($"POST {Login} HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n{{}}"), Answerer.WebServer, 400),

        // Login bodies: the gateway reads the target account of every attempt; whatever the body, it must neither
        // break on it nor refuse it for the service (which answers 4xx to all of these).
        Case(Logins, "malformed JSON", _ => Post(Login, """{"email":"""), Answerer.Service, 400),
        Case(Logins, "a JSON array", _ => Post(Login, """["alice@eduplatform.test"]"""), Answerer.Service, 400),
        Case(Logins, "the JSON literal null", _ => Post(Login, "null"), Answerer.Service, 400),
        Case(Logins, "email a number", _ => Post(Login, """{"email":12,"password":"p"}"""), Answerer.Service, 400),
        Case(Logins, "email an object", _ => Post(Login, """{"email":{"$ne":""},"password":"p"}"""), Answerer.Service, 400),
        Case(Logins, "JSON nested 2,000 deep", _ => Post(Login, new string('[', 2000) + new string(']', 2000)), Answerer.Service, 400),
        Case(Logins, "bytes that are not UTF-8", _ => Bytes($"POST {Login} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 13\r\nConnection: close\r\n\r\n", [.. "{\"email\":\""u8, 0xff, 0xfe, (byte)'"'], ""), Answerer.Service, 400),
        Case(Logins, "NUL in the email", _ => Post(Login, """{"email":"a\u0000@eduplatform.test","password":"p"}"""), Answerer.Service, 400),
        Case(Logins, "the email twice", _ => Post(Login, """{"email":"decoy@x","email":"alice@eduplatform.test","password":"p"}"""), Answerer.Service, 400),
        Case(Logins, "an email that is not ASCII", _ => Post(Login, """{"email":"алиса@пример.рф","password":"p"}"""), Answerer.Service, 400),
        Case(Logins, "an empty body", _ => Post(Login, ""), Answerer.Service, 400),
        Case(Logins, "a byte-order mark before the JSON", _ => Post(Login, "\uFEFF{\"email\":\"alice@eduplatform.test\"}"), Answerer.Service, 400),
        Case(Logins, "an email of 3 KiB", _ => Post(Login, $$"""{"email":"{{new string('a', 3 * 1024)}}@x","password":"p"}"""), Answerer.Service, 400),
    ];

    public static IReadOnlyDictionary<string, HostileCase> ByName { get; } = All.ToDictionary(hostile => $"{hostile.Surface}: {hostile.Name}");

    private static HostileCase Case(string surface, string name, Func<HostileTokens, byte[]> request, Answerer by, int status) =>
        new(surface, name, request, by, status);

    private static byte[] Get(string target, params string[] headers) =>
        Text($"GET {target} HTTP/1.1\r\nHost: gateway\r\n{string.Concat(headers.Select(header => header + "\r\n"))}Connection: close\r\n\r\n");

    private static byte[] Post(string target, string json, params string[] headers)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return Bytes($"POST {target} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n"
            + string.Concat(headers.Select(header => header + "\r\n")) + "Connection: close\r\n\r\n", body, "");
    }

    private static byte[] Chunked(string target, string chunks, string? header = null, string method = "POST") =>
        Text($"{method} {target} HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n{(header is null ? "" : header + "\r\n")}"
            + $"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunks}");

    private static byte[] Text(string request) => Encoding.UTF8.GetBytes(request);

    private static byte[] Bytes(string head, byte[] middle, string tail) => [.. Encoding.UTF8.GetBytes(head), .. middle, .. Encoding.UTF8.GetBytes(tail)];
}
