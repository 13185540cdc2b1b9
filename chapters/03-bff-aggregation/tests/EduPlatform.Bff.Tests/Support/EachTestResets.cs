namespace EduPlatform.Bff.Tests.Support;

/// <summary>A test class over a shared <see cref="BffFixture"/>: before each test the stubs are reset (healthy, running, empty logs).</summary>
public abstract class EachTestResets<TFixture>(TFixture fixture) : IAsyncLifetime where TFixture : BffFixture
{
    protected TFixture Bff { get; } = fixture;

    public async ValueTask InitializeAsync() => await Bff.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
