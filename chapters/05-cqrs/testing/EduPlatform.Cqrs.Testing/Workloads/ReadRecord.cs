using EduPlatform.Cqrs.Queries;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>One query as a client saw it: when it started and ended (Stopwatch ticks), the position and data it got.</summary>
public sealed record ReadRecord(string StudentId, long StartedTicks, long EndedTicks, string ReadModel, long Position, StudentProgress Data);
