using EduPlatform.EventStore.Benchmarks;
using EduPlatform.Harness.Infrastructure;
using JasperFx.Events;

// Appends and reads per second, this chapter's store against Marten's, on the same PostgreSQL in the
// same run. Not a test: it prints figures. Each (scenario, store) runs in a fresh database, five
// rounds interleaved so a noisy neighbour hurts every store alike; the table shows the median round.
//
//   dotnet run -c Release --project chapters/04-event-store/benchmarks/EduPlatform.EventStore.Benchmarks [-- --quick]

var quick = args.Contains("--quick");
var rounds = quick ? 1 : 5;
var scale = quick ? 0.2 : 1.0;
const int writers = 8;

Func<string, Task<IStoreUnderTest>>[] stores =
[
    async connectionString => await WorkbookStore.CreateAsync(connectionString),
    async connectionString => await MartenStore.CreateAsync(connectionString, EventAppendMode.Quick),
    async connectionString => await MartenStore.CreateAsync(connectionString, EventAppendMode.Rich),
];
Scenario[] scenarios =
[
    new("append, one hot stream, batch 1", "appends/s", (store, cpu) => HotStreamAsync(store, cpu, (int)(1_000 * scale), batch: 1)),
    new("append, one hot stream, batch 10", "appends/s", (store, cpu) => HotStreamAsync(store, cpu, (int)(500 * scale), batch: 10)),
    new("append, 400 streams, batch 1", "appends/s", (store, cpu) => ManyStreamsAsync(store, cpu, (int)(2_000 * scale), batch: 1)),
    new("append, 400 streams, batch 10", "appends/s", (store, cpu) => ManyStreamsAsync(store, cpu, (int)(800 * scale), batch: 10)),
    new("read a 10,000-event stream", "reads/s", (store, cpu) => ReadLongStreamAsync(store, cpu, quick ? 3 : 10)),
];

Console.WriteLine($"# event store benchmark: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {writers} concurrent writers on the 400 streams, {rounds} round(s)");
await using var infrastructure = new WorkbookInfrastructure(line => Console.WriteLine($"# {line}"));
var cpu = await FindServerCpuAsync(infrastructure);
var results = new Dictionary<(string Scenario, string Store), List<Measurement>>();
for (var round = 1; round <= rounds; round++)
{
    foreach (var scenario in scenarios)
    {
        foreach (var createStore in stores)
        {
            await using var database = await infrastructure.Postgres.CreateDatabaseAsync();
            await using var store = await createStore(database.ConnectionString);
            var measurement = await scenario.Run(store, cpu);
            results.TryAdd((scenario.Name, store.Name), []);
            results[(scenario.Name, store.Name)].Add(measurement);
            Console.WriteLine(
                $"# round {round}: {scenario.Name,-34} {store.Name,-16} {measurement.PerSecond,10:N0} {scenario.Unit}, " +
                $"{measurement.CpuMicrosecondsEach,10:N0} CPU µs each (load {LoadAverage()})");
        }
    }
}

Console.WriteLine();
// Ratios are taken within a round (the stores ran minutes apart at most, under the same neighbours)
// and the median of the rounds' ratios is shown, beside the median figures themselves.
Console.WriteLine("Throughput (wall clock; figures: median of the rounds; ratios: median of the per-round ratios; higher is better):");
Console.WriteLine();
Console.WriteLine("| scenario | workbook | Marten (Quick) | workbook vs Quick | Marten (Rich, default) | workbook vs Rich |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var scenario in scenarios)
{
    var (ours, quickMarten, richMarten) = Medians(results, scenario.Name, m => m.PerSecond);
    var (versusQuick, versusRich) = RatioMedians(results, scenario.Name, m => m.PerSecond, oursOverTheirs: true);
    Console.WriteLine($"| {scenario.Name} ({scenario.Unit}) | {ours:N0} | {quickMarten:N0} | {versusQuick:0.0}x | {richMarten:N0} | {versusRich:0.0}x |");
}

Console.WriteLine();
Console.WriteLine("CPU per operation (client + PostgreSQL, microseconds; same medians; lower is better):");
Console.WriteLine();
Console.WriteLine("| scenario | workbook | Marten (Quick) | Quick uses | Marten (Rich, default) | Rich uses |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var scenario in scenarios)
{
    var (ours, quickMarten, richMarten) = Medians(results, scenario.Name, m => m.CpuMicrosecondsEach);
    var (versusQuick, versusRich) = RatioMedians(results, scenario.Name, m => m.CpuMicrosecondsEach, oursOverTheirs: false);
    Console.WriteLine($"| {scenario.Name} | {ours:N0} | {quickMarten:N0} | {versusQuick:0.0}x | {richMarten:N0} | {versusRich:0.0}x |");
}

Console.WriteLine();
Console.WriteLine($"# load average at the end: {LoadAverage()} (a shared 2-core machine: compare ratios, not absolute figures)");
return 0;

static async Task<Measurement> HotStreamAsync(IStoreUnderTest store, CpuMeter cpu, int appends, int batch)
{
    // One writer appending to one stream as fast as it can, each append with the expected version
    // the previous one returned: a hot aggregate. (Concurrent writers on one stream are not compared:
    // Marten refuses them without an expected version, EventStreamUnexpectedMaxEventIdException, in
    // both Quick and Rich mode; this chapter's store serializes them.)
    await WarmUpAsync(store);
    var measuring = Measurement.Start(cpu);
    for (var version = 0L; version < (long)appends * batch; version += batch)
    {
        await store.AppendAsync("hot-stream", version, NewEvents(batch));
    }

    return measuring.Stop(appends);
}

static async Task<Measurement> ManyStreamsAsync(IStoreUnderTest store, CpuMeter cpu, int appends, int batch)
{
    // Each writer owns 50 streams and knows their versions: the usual load -> decide -> append
    // with the expected version, spread over 400 streams with no conflicts.
    await WarmUpAsync(store);
    var measuring = Measurement.Start(cpu);
    await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
    {
        var versions = new long[50];
        for (var i = 0; i < appends / writers; i++)
        {
            var stream = i % versions.Length;
            await store.AppendAsync($"enrollment-{writer}-{stream}", versions[stream], NewEvents(batch));
            versions[stream] += batch;
        }
    })));
    return measuring.Stop(appends / writers * writers);
}

static async Task<Measurement> ReadLongStreamAsync(IStoreUnderTest store, CpuMeter cpu, int reads)
{
    for (var version = 0; version < 10_000; version += 100)
    {
        await store.AppendAsync("long-stream", version, NewEvents(100));
    }

    (await store.ReadStreamAsync("long-stream")).Should10000();
    var measuring = Measurement.Start(cpu);
    for (var i = 0; i < reads; i++)
    {
        (await store.ReadStreamAsync("long-stream")).Should10000();
    }

    return measuring.Stop(reads);
}

static async Task WarmUpAsync(IStoreUnderTest store)
{
    // JIT, connection pools and PostgreSQL's plan caches, outside the measured part.
    await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
    {
        for (var i = 0; i < 25; i++)
        {
            await store.AppendAsync($"warm-up-{writer}", i, NewEvents(1));
        }
    })));
}

static object[] NewEvents(int count) =>
    [.. Enumerable.Range(0, count).Select(i => new LessonProgressed(Guid.NewGuid(), $"lesson-{i}", 87, DateTimeOffset.UtcNow))];

static (double Workbook, double MartenQuick, double MartenRich) Medians(
    Dictionary<(string, string), List<Measurement>> results, string scenario, Func<Measurement, double> figure)
{
    double Median(string store) => results[(scenario, store)].Select(figure).Order().ElementAt(results[(scenario, store)].Count / 2);
    return (Median("workbook"), Median("Marten (Quick)"), Median("Marten (Rich)"));
}

static (double VersusQuick, double VersusRich) RatioMedians(
    Dictionary<(string, string), List<Measurement>> results, string scenario, Func<Measurement, double> figure, bool oursOverTheirs)
{
    double Median(string store)
    {
        var ours = results[(scenario, "workbook")];
        var theirs = results[(scenario, store)];
        return ours.Zip(theirs, (o, t) => oursOverTheirs ? figure(o) / figure(t) : figure(t) / figure(o))
            .Order().ElementAt(ours.Count / 2);
    }

    return (Median("Marten (Quick)"), Median("Marten (Rich)"));
}

static async Task<CpuMeter> FindServerCpuAsync(WorkbookInfrastructure infrastructure)
{
    await using var connection = new Npgsql.NpgsqlConnection(await infrastructure.Postgres.AdminConnectionStringAsync());
    await connection.OpenAsync();
    await using var command = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", connection);
    return CpuMeter.ForServerOf((int)(await command.ExecuteScalarAsync())!);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

internal sealed record Scenario(string Name, string Unit, Func<IStoreUnderTest, CpuMeter, Task<Measurement>> Run);

internal static class ReadCheck
{
    public static void Should10000(this int count)
    {
        if (count != 10_000)
        {
            throw new InvalidOperationException($"Read {count} events of a 10,000-event stream.");
        }
    }
}
