namespace EduPlatform.Gateway.Testing;

/// <summary>
/// What plays a cluster's destinations behind the gateway (<see cref="GatewaySettings.Clusters"/>). Destinations are
/// named <c>{cluster}-1</c>, <c>{cluster}-2</c>, ... in start order, as <c>/health</c> and <c>X-Served-By</c> show them.
/// </summary>
public abstract record Upstream
{
    private protected Upstream(int instances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        Instances = instances;
    }

    /// <summary>How many destinations the cluster gets.</summary>
    public int Instances { get; }

    /// <summary>
    /// Harness downstream stubs (WireMock, always in the caller's process) that pass the gateway's readiness probe and
    /// answer whatever the caller maps on them (<see cref="GatewaySystem.Stubs"/>): where faults must be injected or
    /// what arrived must be read.
    /// </summary>
    public static Upstream Stubs(int instances = 1) => new StubUpstream(instances);

    /// <summary>Chapter 01's module of the cluster's name (users, courses, videos, payments), each instance on the module's one PostgreSQL database.</summary>
    public static Upstream Platform(int instances = 1) => new PlatformUpstream(instances);

    /// <summary>
    /// Stand-ins whose capacity is a fixed number of <paramref name="slots"/>, each request under <c>/api/videos/</c>
    /// holding one for <paramref name="costMilliseconds"/> without using CPU; anything else is answered at once with a
    /// body of <paramref name="bodyBytes"/>.
    /// </summary>
    public static Upstream StandIns(int instances, int slots = 4, int costMilliseconds = 50, int bodyBytes = 1024) =>
        new StandInUpstream(instances, slots, costMilliseconds, bodyBytes);

    /// <summary>
    /// Destinations already running, started by another system (its <see cref="GatewaySystem.Instances"/>): this
    /// system neither starts nor stops them. For several gateways in front of one set of hosts.
    /// </summary>
    public static Upstream Existing(IEnumerable<Uri> addresses) => new ExistingUpstream([.. addresses]);
}

/// <inheritdoc cref="Upstream.Stubs"/>
public sealed record StubUpstream : Upstream
{
    internal StubUpstream(int instances) : base(instances)
    {
    }
}

/// <inheritdoc cref="Upstream.Platform"/>
public sealed record PlatformUpstream : Upstream
{
    internal PlatformUpstream(int instances) : base(instances)
    {
    }
}

/// <inheritdoc cref="Upstream.StandIns"/>
public sealed record StandInUpstream : Upstream
{
    internal StandInUpstream(int instances, int slots, int costMilliseconds, int bodyBytes) : base(instances)
    {
        Slots = slots;
        CostMilliseconds = costMilliseconds;
        BodyBytes = bodyBytes;
    }

    public int Slots { get; }

    public int CostMilliseconds { get; }

    public int BodyBytes { get; }

    /// <summary>The most requests per second one instance can serve: <c>Slots / Cost</c>.</summary>
    public double CapacityPerInstance => Slots * 1000.0 / CostMilliseconds;
}

/// <inheritdoc cref="Upstream.Existing"/>
public sealed record ExistingUpstream : Upstream
{
    internal ExistingUpstream(IReadOnlyList<Uri> addresses) : base(addresses.Count) => Addresses = addresses;

    public IReadOnlyList<Uri> Addresses { get; }
}
