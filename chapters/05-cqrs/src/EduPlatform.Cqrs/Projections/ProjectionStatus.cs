namespace EduPlatform.Cqrs.Projections;

/// <summary>One projection's progress, as <c>GET /projections</c> shows it and the lag gauges report it.</summary>
/// <param name="Projection"><c>readmodel_vN</c> or <c>leaderboard-redis</c>.</param>
/// <param name="Store"><c>postgres</c> or <c>redis</c>.</param>
/// <param name="State">A generation's status (active, building, standby); <c>live</c> for Redis.</param>
/// <param name="Position">Its checkpoint: the last global position applied or parked.</param>
/// <param name="Head">The store's last committed position when this was read.</param>
/// <param name="LagEvents">Head minus position.</param>
/// <param name="LagMs">Age of the oldest event not applied yet, by the database's clock (0 when caught up).</param>
/// <param name="Applied">Events applied so far; with <paramref name="Parked"/> it adds up to the position.</param>
/// <param name="Parked">Events parked in the dead letters.</param>
public sealed record ProjectionStatus(
    string Projection, string Store, string State, long Position, long Head, long LagEvents, double LagMs, long Applied, long Parked);
