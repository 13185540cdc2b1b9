using System.Runtime.InteropServices;
using EduPlatform.Harness.Infrastructure;

// workbook-infra up [postgres] [redis] [rabbitmq]
//
// Starts the requested servers with the same backends the tests use (WORKBOOK_INFRA), prints one
// `export WORKBOOK_...=` line per server, and keeps them running until Ctrl+C, SIGTERM or the end
// of standard input. Another shell can `eval` those lines and run anything with
// WORKBOOK_INFRA=external against them. Whatever ends this process, the servers go with it.

var usage = """
    usage: workbook-infra up [postgres] [redis] [rabbitmq]
      Starts the servers (all three when none is named) and prints their connection strings.
      Stops them on Ctrl+C, SIGTERM, or when standard input closes.
    """;

if (args.Length == 0 || args[0] != "up")
{
    Console.Error.WriteLine(usage);
    return 2;
}

var wanted = args.Skip(1).Select(name => name.ToLowerInvariant()).ToHashSet();
var unknown = wanted.Except(["postgres", "redis", "rabbitmq"]).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown server(s): {string.Join(", ", unknown)}{Environment.NewLine}{usage}");
    return 2;
}

if (wanted.Count == 0)
{
    wanted = ["postgres", "redis", "rabbitmq"];
}

await using var infrastructure = new WorkbookInfrastructure(line => Console.WriteLine($"# {line}"));
try
{
    if (wanted.Contains("postgres"))
    {
        var connectionString = await infrastructure.Postgres.AdminConnectionStringAsync();
        Console.WriteLine($"export {InfrastructureSettings.PostgresVariable}='{connectionString}'");
    }

    if (wanted.Contains("redis"))
    {
        var server = await infrastructure.Redis.GetServerAsync();
        Console.WriteLine($"export {InfrastructureSettings.RedisVariable}='{server.Endpoint.Host}:{server.Endpoint.Port}'");
    }

    if (wanted.Contains("rabbitmq"))
    {
        var server = await infrastructure.RabbitMq.GetServerAsync();
        var endpoint = server.Endpoint;
        Console.WriteLine($"export {InfrastructureSettings.RabbitMqVariable}='amqp://{endpoint.Username}:{endpoint.Password}@{endpoint.Host}:{endpoint.Port}/'");
    }
}
catch (InfrastructureUnavailableException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 1;
}

Console.WriteLine("# ready: press Ctrl+C (or close standard input) to stop");
Console.Out.Flush();

var stop = new TaskCompletionSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
var inputClosed = Task.Run(() =>
{
    while (Console.In.ReadLine() is not null)
    {
    }
});
await Task.WhenAny(stop.Task, inputClosed);
Console.WriteLine("# stopping");
return 0;
