using System.Text;
using EduPlatform.Harness.Hosting;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// One hostile request of the course page's surface, as bytes on the wire, and the answer it must get: a 4xx
/// problem+json, or (where the web server refuses the bytes before any of the service's code runs) a bare 4xx with the
/// reason it cannot be more.
/// </summary>
public sealed record HostileRequest(string Name, byte[] Bytes, int Status, string? BareBecause = null)
{
    private const string Purchases = "/courses/algebra-1/purchases";

    public override string ToString() => Name;

    public static HostileRequest Get(string name, string target, int status) =>
        new(name, RawHttpConnection.Request("GET", target, []), status);

    public static HostileRequest Method(string name, string method, string target, int status) =>
        new(name, RawHttpConnection.Request(method, target, []), status);

    /// <summary>A purchase with a usable idempotency key unless <paramref name="headers"/> says otherwise.</summary>
    public static HostileRequest Purchase(string name, string body, int status, string? contentType = "application/json", params string[] headers) =>
        Purchase(name, Encoding.UTF8.GetBytes(body), status, contentType, headers);

    public static HostileRequest Purchase(string name, byte[] body, int status, string? contentType, params string[] headers) =>
        Purchase(name, Purchases, body, status, contentType, headers);

    /// <summary>A well-formed purchase of a course that does not exist.</summary>
    public static HostileRequest PurchaseOf(string name, string courseId, int status) =>
        Purchase(name, $"/courses/{courseId}/purchases", Encoding.UTF8.GetBytes("""{"studentId":"student-42"}"""), status, "application/json", []);

    private static HostileRequest Purchase(string name, string target, byte[] body, int status, string? contentType, string[] headers)
    {
        var head = new List<string>(headers.Length == 0 ? ["Idempotency-Key: key-1"] : headers) { $"Content-Length: {body.Length}" };
        if (contentType is not null)
        {
            head.Add($"Content-Type: {contentType}");
        }

        return new HostileRequest(name, [.. RawHttpConnection.Request("POST", target, head), .. body], status);
    }

    /// <summary>Bytes as they are, no Host or Connection header added.</summary>
    public static HostileRequest Wire(string name, string bytes, int status, string? bareBecause = null) =>
        new(name, Encoding.UTF8.GetBytes(bytes), status, bareBecause);

    public HostileRequest RefusedByTheServer(string because) => this with { BareBecause = because };
}
