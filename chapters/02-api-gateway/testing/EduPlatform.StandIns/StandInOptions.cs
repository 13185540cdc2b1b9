namespace EduPlatform.StandIns;

/// <summary>Section <c>StandIn</c>: what one instance is.</summary>
public sealed class StandInOptions
{
    public const string Section = "StandIn";

    /// <summary>Sent as <c>X-Served-By</c>, so a balancer's choices can be counted. Default <c>stand-in</c>.</summary>
    public string InstanceName { get; set; } = "stand-in";

    /// <summary>
    /// Requests under <c>/api/videos/</c> this instance works on at once (its transcoder slots).
    /// Further requests wait in its queue, first come first served. Default 4.
    /// </summary>
    public int Slots { get; set; } = 4;

    /// <summary>
    /// How long one request holds a slot, waiting without using CPU (a licensed encoder, a disk, a
    /// remote API would be like this). Default 50 ms, so one instance serves at most
    /// <c>Slots * 1000 / CostMilliseconds</c> = 80 requests per second.
    /// </summary>
    public int CostMilliseconds { get; set; } = 50;

    /// <summary>Bytes in each answer. Default 1 KiB.</summary>
    public int BodyBytes { get; set; } = 1024;
}
