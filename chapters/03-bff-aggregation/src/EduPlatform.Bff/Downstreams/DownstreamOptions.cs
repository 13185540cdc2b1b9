namespace EduPlatform.Bff.Downstreams;

/// <summary>Section <c>Bff:Downstreams</c>: where chapter 01's services answer. Every one is required.</summary>
public sealed class DownstreamOptions
{
    public const string Section = "Bff:Downstreams";

    /// <summary>The Users service (<c>GET /api/users/me</c>), e.g. <c>http://127.0.0.1:5101/</c>.</summary>
    public Uri? Users { get; set; }

    /// <summary>The Courses service (<c>GET /api/courses/enrollments</c>).</summary>
    public Uri? Courses { get; set; }

    /// <summary>The Payments service (<c>GET /api/payments/charges</c>).</summary>
    public Uri? Payments { get; set; }

    /// <summary>The Videos service (<c>GET /api/videos</c>).</summary>
    public Uri? Videos { get; set; }

    /// <summary>The largest downstream body read; a bigger one is a failed leg, not a BFF out of memory. Default 1 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
