namespace EduPlatform.Saga.Testing;

/// <summary>
/// What a workload left behind, counted from every service's own tables, and whether the saga's invariants hold:
/// every saga ended (Completed, Compensated or NeedsAttention: no orphan), money and seats match enrollments, no side
/// effect happened twice, no timeout changed a saga that had ended.
/// </summary>
public sealed record SagaAudit
{
    public required int Sagas { get; init; }

    public required int Completed { get; init; }

    public required int Compensated { get; init; }

    public required int NeedsAttention { get; init; }

    /// <summary>Sagas still in progress (or never created) when the audit ran.</summary>
    public required int Orphans { get; init; }

    public required int Charges { get; init; }

    public required int Refunds { get; init; }

    public required int SeatsHeld { get; init; }

    public required int VideoGrants { get; init; }

    /// <summary>Sagas that are not Completed (nor NeedsAttention) but have money taken: the invariant the saga exists for.</summary>
    public required int ChargesWithoutEnrollment { get; init; }

    public required int DuplicateSideEffects { get; init; }

    /// <summary>Courses whose reserved count differs from their held reservations.</summary>
    public required int SeatCountMismatches { get; init; }

    public required int LateTimeoutChanges { get; init; }

    public required int LateTimeoutsIgnored { get; init; }

    /// <summary>The enrolled (Completed) count that money and seats must match.</summary>
    public int Enrolled => Completed;

    public IReadOnlyList<string> Violations
    {
        get
        {
            var violations = new List<string>();
            if (Orphans > 0)
            {
                violations.Add($"{Orphans} of {Sagas} sagas did not end");
            }

            // Sagas in NeedsAttention may hold money or a seat (that is why an operator must look): outside the equation.
            if (NeedsAttention == 0 && Charges - Refunds != Enrolled)
            {
                violations.Add($"charges - refunds = {Charges} - {Refunds} = {Charges - Refunds}, enrolled = {Enrolled}");
            }

            if (NeedsAttention == 0 && SeatsHeld != Enrolled)
            {
                violations.Add($"seats held = {SeatsHeld}, enrolled = {Enrolled}");
            }

            if (NeedsAttention == 0 && VideoGrants != Enrolled)
            {
                violations.Add($"video grants = {VideoGrants}, enrolled = {Enrolled}");
            }

            if (ChargesWithoutEnrollment > 0)
            {
                violations.Add($"{ChargesWithoutEnrollment} charges without enrollment");
            }

            if (DuplicateSideEffects > 0)
            {
                violations.Add($"{DuplicateSideEffects} duplicate side effects");
            }

            if (SeatCountMismatches > 0)
            {
                violations.Add($"{SeatCountMismatches} courses whose seat count is off");
            }

            if (LateTimeoutChanges > 0)
            {
                violations.Add($"{LateTimeoutChanges} sagas changed by a timeout after they ended");
            }

            return violations;
        }
    }

    public bool Holds => Violations.Count == 0;

    public string FiguresLine =>
        $"{Sagas} sagas: {Completed} completed, {Compensated} compensated, {NeedsAttention} need attention, {Orphans} orphans; "
        + $"charges {Charges} - refunds {Refunds} = {Charges - Refunds}, seats held {SeatsHeld}, video {VideoGrants}, enrolled {Enrolled}; "
        + $"{DuplicateSideEffects} duplicate side effects; {ChargesWithoutEnrollment} charges without enrollment; "
        + $"{LateTimeoutsIgnored} late timeouts ignored, {LateTimeoutChanges} changed a saga";

    public override string ToString() => Holds ? FiguresLine : $"{FiguresLine} -- VIOLATED: {string.Join("; ", Violations)}";
}
