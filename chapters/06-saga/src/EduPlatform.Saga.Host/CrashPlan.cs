using EduPlatform.Saga.Messaging;

namespace EduPlatform.Saga.Host;

/// <summary>
/// The demo's (and the claims') real crash: <c>Saga:KillAt</c> = <c>service:before|after:MessageType:n</c> (several
/// separated by <c>;</c>) makes this process SIGKILL itself when it handles the n-th such message, before its
/// transaction or after it committed (before the broker was told). Nothing runs after that: no finally, no dispose.
/// </summary>
public sealed class CrashPlan : IMessageFaults
{
    private readonly IReadOnlyList<(string Service, bool After, string Type, int Nth)> _points;
    private readonly Dictionary<string, int> _seen = [];

    private CrashPlan(IReadOnlyList<(string, bool, string, int)> points) => _points = points;

    public static CrashPlan? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration["Saga:KillAt"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var points = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(point =>
        {
            var parts = point.Split(':');
            return parts.Length == 4 && parts[1] is "before" or "after" && int.TryParse(parts[3], out var nth) && nth > 0
                ? (parts[0], parts[1] == "after", parts[2], nth)
                : throw new InvalidOperationException($"Saga:KillAt '{point}' is not service:before|after:MessageType:n.");
        }).ToArray();
        return new CrashPlan(points);
    }

    public ValueTask BeforeHandlingAsync(string service, Envelope message) => Check(service, after: false, message);

    public ValueTask AfterCommitAsync(string service, Envelope message) => Check(service, after: true, message);

    private ValueTask Check(string service, bool after, Envelope message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var point in _points)
        {
            if (point.Service == service && point.After == after && point.Type == message.Type)
            {
                int count;
                lock (_seen)
                {
                    var key = $"{service}:{after}:{message.Type}";
                    count = _seen[key] = _seen.GetValueOrDefault(key) + 1;
                }

                if (count == point.Nth)
                {
                    Console.Error.WriteLine($"[crash plan] SIGKILL at {service} {(after ? "after" : "before")} {message.Type} #{count}");
                    System.Diagnostics.Process.GetCurrentProcess().Kill();
                }
            }
        }

        return ValueTask.CompletedTask;
    }
}
