using System.Net.Http.Headers;
using System.Text;
using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Identities;

namespace EduPlatform.Bff.Tests.HostileInput;

/// <summary>A request a client (or an attacker) might send, and the 4xx it must get.</summary>
/// <param name="KestrelAnswers">Refused by the server before the app sees it: a bare status, no problem body.</param>
public sealed record HostileRequest(string Name, int Status, Func<BffSystem, HttpRequestMessage> Build, bool KestrelAnswers = false);

/// <summary>The table: bad and expired tokens, oversized headers, malformed queries, wrong methods and paths.</summary>
public static class HostileRequests
{
    public static IReadOnlyList<HostileRequest> All { get; } = [.. Tokens(), .. Headers(), .. Queries(), .. MethodsAndPaths()];

    public static HostileRequest Named(string name) => All.Single(request => request.Name == name);

    private static IEnumerable<HostileRequest> Tokens()
    {
        foreach (var kind in Enum.GetValues<HostileToken>())
        {
            yield return Unauthenticated($"token: {kind}", system => system.Identity.CreateHostileToken(kind, new TestTokenRequest { Subject = "mallory" }));
        }

        yield return new("token: no Authorization header", 401, system => new HttpRequestMessage(HttpMethod.Get, system.DashboardUrl));
        yield return Raw("token: 'Bearer' alone", "Bearer");
        yield return Raw("token: 'Bearer' and spaces", "Bearer     ");
        yield return Raw("token: Basic credentials", "Basic dXNlcjpwYXNzd29yZA==");
        yield return Raw("token: not a JWT", "Bearer not-a-jwt");
        yield return Raw("token: three empty-ish segments", "Bearer a.b.c");
        yield return Raw("token: two segments", "Bearer a.b");
        yield return Raw("token: only dots", "Bearer .....");
        yield return Unauthenticated("token: a fourth segment appended", system => system.TokenFor("mallory") + ".eA");
        yield return Unauthenticated("token: truncated signature", system => system.TokenFor("mallory")[..^12]);
        yield return Raw("token: base64 junk", "Bearer " + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('x', 300))));
        yield return Raw("token: payload is a JSON array", $"Bearer {B64("""{"alg":"RS256","typ":"JWT"}""")}.{B64("[1,2,3]")}.c2ln");
        yield return Raw("token: payload is not JSON", $"Bearer {B64("""{"alg":"RS256"}""")}.{B64("{{{{")}.c2ln");
        yield return Raw("token: punctuation soup", "Bearer ~!@#$%^&*()_+{}|:<>?");
        yield return Unauthenticated("token: two bearer tokens in one header", system => $"{system.TokenFor("mallory")}, Bearer {system.TokenFor("eve")}");
        yield return Unauthenticated("token: empty subject", system => system.Identity.CreateToken(new TestTokenRequest { Subject = "" }));
        yield return Unauthenticated("token: whitespace subject", system => system.Identity.CreateToken(new TestTokenRequest { Subject = "   " }));
        yield return new("token: 9 KiB Authorization header", 431, system => WithAuthorization(system, "Bearer " + new string('a', 9 * 1024)));
    }

    private static IEnumerable<HostileRequest> Headers()
    {
        yield return new("header: one 20 KiB header", 431, system => WithHeader(system, "X-Padding", new string('p', 20 * 1024)));
        yield return new("header: one 40 KiB header", 431, system => WithHeader(system, "X-Padding", new string('p', 40 * 1024)));
        yield return new("header: 200 headers of 100 bytes", 431, system =>
        {
            var request = system.DashboardRequest("mallory");
            for (var i = 0; i < 200; i++)
            {
                request.Headers.TryAddWithoutValidation($"X-H{i}", new string('h', 100));
            }

            return request;
        });
        yield return new("header: 100 KiB, over Kestrel's own limit", 431, system => WithHeader(system, "X-Padding", new string('p', 100 * 1024)), KestrelAnswers: true);
        yield return new("header: correlation id of 65 characters", 400, system => WithHeader(system, "X-Correlation-Id", new string('c', 65)));
        yield return new("header: correlation id with spaces", 400, system => WithHeader(system, "X-Correlation-Id", "a b c"));
        yield return new("header: correlation id with markup", 400, system => WithHeader(system, "X-Correlation-Id", "<script>alert(1)</script>"));
        yield return new("header: empty correlation id", 400, system => WithHeader(system, "X-Correlation-Id", ""));
        yield return new("header: correlation id with a newline escape", 400, system => WithHeader(system, "X-Correlation-Id", "id%0d%0aSet-Cookie:x"));
    }

    private static IEnumerable<HostileRequest> Queries()
    {
        yield return Query("query: unknown section", "sections=grades");
        yield return Query("query: empty section list", "sections=");
        yield return Query("query: empty item in the list", "sections=profile,,videos");
        yield return Query("query: section in upper case", "sections=PROFILE");
        yield return Query("query: injection-looking section", "sections=profile;DROP%20TABLE");
        yield return Query("query: 5 KiB section list", "sections=" + string.Join(',', Enumerable.Repeat("videos", 700)));
        yield return Query("query: given twice, once unknown", "sections=profile&sections=grades");
        yield return Query("query: NUL byte", "sections=%00");
        yield return Query("query: twenty repeats of a section", "sections=" + string.Join(',', Enumerable.Repeat("profile", 20)));
        yield return Query("query: path traversal as a section", "sections=..%2F..%2Fetc%2Fpasswd");
    }

    private static IEnumerable<HostileRequest> MethodsAndPaths()
    {
        foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH" })
        {
            yield return new($"method: {method} /dashboard", 405, system =>
            {
                var request = system.DashboardRequest("mallory");
                request.Method = new HttpMethod(method);
                return request;
            });
        }

        yield return Path("path: below /dashboard", "dashboard/extra");
        yield return Path("path: encoded traversal", "dashboard%2F..%2Fhealth%2Fready");
        yield return Path("path: unknown", "admin");
        yield return new("body: POST with 10 KiB", 405, system =>
        {
            var request = system.DashboardRequest("mallory");
            request.Method = HttpMethod.Post;
            request.Content = new StringContent(new string('b', 10 * 1024));
            return request;
        });
        yield return new("accept: XML without a token", 401, system =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, system.DashboardUrl);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
            return request;
        });
    }

    private static HostileRequest Unauthenticated(string name, Func<BffSystem, string> token) =>
        new(name, 401, system => WithAuthorization(system, "Bearer " + token(system)));

    private static HostileRequest Raw(string name, string authorization) => new(name, 401, system => WithAuthorization(system, authorization));

    private static HostileRequest Query(string name, string query) =>
        new(name, 400, system =>
        {
            var request = system.DashboardRequest("mallory");
            request.RequestUri = new Uri(system.DashboardUrl + "?" + query);
            return request;
        });

    private static HostileRequest Path(string name, string path) =>
        new(name, 404, system =>
        {
            var request = system.DashboardRequest("mallory");
            request.RequestUri = new Uri(system.Bff.BaseAddress, path);
            return request;
        });

    private static HttpRequestMessage WithAuthorization(BffSystem system, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, system.DashboardUrl);
        request.Headers.TryAddWithoutValidation("Authorization", value);
        return request;
    }

    private static HttpRequestMessage WithHeader(BffSystem system, string name, string value)
    {
        var request = system.DashboardRequest("mallory");
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
