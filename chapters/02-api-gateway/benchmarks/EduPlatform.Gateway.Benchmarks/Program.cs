using System.Globalization;
using EduPlatform.Gateway.Benchmarks;
using Spectre.Console;

// dotnet run --project chapters/02-api-gateway/benchmarks/EduPlatform.Gateway.Benchmarks -c Release [-- --seconds 5]
const string Usage = "usage: EduPlatform.Gateway.Benchmarks [--seconds N]   (N > 0, default 5)";
var seconds = 5;
if (args is ["--seconds", var value])
{
    if (!int.TryParse(value, CultureInfo.InvariantCulture, out seconds) || seconds <= 0)
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
else if (args.Length > 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return await GatewayVsNginxBenchmark.RunAsync(AnsiConsole.Console, seconds, cancellation.Token);
