namespace EduPlatform.CircuitBreaker.Claims;

/// <summary>The instance with the mechanism and the one without, started side by side before either run.</summary>
internal sealed class CoursePagePair : IAsyncDisposable
{
    private CoursePagePair(CoursePageUnderLoad with, CoursePageUnderLoad without)
    {
        With = with;
        Without = without;
    }

    public CoursePageUnderLoad With { get; }

    public CoursePageUnderLoad Without { get; }

    public static async Task<CoursePagePair> StartAsync(
        IReadOnlyDictionary<string, string?> with, IReadOnlyDictionary<string, string?> without, CancellationToken cancellationToken)
    {
        var starting = new[]
        {
            CoursePageUnderLoad.StartAsync("coursepage-with", with, cancellationToken),
            CoursePageUnderLoad.StartAsync("coursepage-without", without, cancellationToken),
        };
        try
        {
            var started = await Task.WhenAll(starting);
            return new CoursePagePair(started[0], started[1]);
        }
        catch
        {
            foreach (var instance in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await instance.Result.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await With.DisposeAsync();
        await Without.DisposeAsync();
    }
}
