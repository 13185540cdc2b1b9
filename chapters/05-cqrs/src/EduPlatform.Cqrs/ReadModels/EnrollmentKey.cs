namespace EduPlatform.Cqrs.ReadModels;

/// <summary>What a read-model row is about: one student in one course.</summary>
public readonly record struct EnrollmentKey(string CourseId, string StudentId)
{
    public override string ToString() => $"{CourseId}/{StudentId}";
}
