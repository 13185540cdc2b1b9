using System.Diagnostics;
using System.Text.RegularExpressions;
using EduPlatform.Harness.Infrastructure.Native;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Harness.Tests.Infrastructure;

/// <summary>
/// Native servers never outlive their owner: stopped by their own process id on dispose, reaped
/// when the owner is SIGKILLed, and their folders removed either way.
/// </summary>
public sealed partial class LifecycleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReapDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_server_owner_killed_with_SIGKILL_leaves_no_server_and_no_folder_behind()
    {
        using var owner = StartInfrastructureCli("postgres");
        var (folder, postmasterPid) = await ReadPostgresLocationAsync(owner);
        PostgresProcessGroupIsAlive(postmasterPid).Should().BeTrue("the server runs before its owner dies");

        owner.Kill(); // SIGKILL: no finally blocks, no dispose, nothing runs in the owner
        await owner.WaitForExitAsync(CurrentTest.Cancellation);
        var clock = Stopwatch.StartNew();
        while ((PostgresProcessGroupIsAlive(postmasterPid) || Directory.Exists(folder)) && clock.Elapsed < ReapDeadline)
        {
            await Task.Delay(100, CurrentTest.Cancellation);
        }

        output.WriteLine($"reaped in {clock.Elapsed.TotalSeconds:0.00} s");
        PostgresProcessGroupIsAlive(postmasterPid).Should().BeFalse("the reaper kills the server's whole process group");
        Directory.Exists(folder).Should().BeFalse("the reaper removes the server's folder");
    }

    [Fact]
    public async Task Disposing_the_infrastructure_stops_its_servers_and_removes_their_folders()
    {
        var infrastructure = new WorkbookInfrastructure(output.WriteLine, new InfrastructureSettings { Mode = InfrastructureMode.Native });
        var server = await infrastructure.Redis.GetServerAsync(CurrentTest.Cancellation);
        var (pid, folder) = ParseLocation(server.Location);
        Directory.Exists(folder).Should().BeTrue();

        await infrastructure.DisposeAsync();

        Processes.UnixSignals.IsAlive(pid).Should().BeFalse();
        Directory.Exists(folder).Should().BeFalse();
    }

    [Fact]
    public async Task A_server_that_fails_to_start_reports_its_own_log()
    {
        // Fake PostgreSQL binaries: initdb "works", the server prints a fatal error and exits.
        var bin = Directory.CreateTempSubdirectory("fake-postgres-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bin, (UnixFileMode)0b111_101_101); // run as `postgres` when we are root
        }

        try
        {
            WriteScript(bin, "initdb", "mkdir -p \"$2\"; exit 0");
            WriteScript(bin, "postgres", "echo 'FATAL:  simulated: could not map shared memory' >&2; exit 1");
            WriteScript(bin, "pg_isready", "exit 2");

            var start = () => NativePostgresServer.StartAsync(new PostgresBinaries(bin), CurrentTest.Cancellation);

            var error = (await start.Should().ThrowAsync<InfrastructureUnavailableException>()).Which.Message;
            error.Should().Contain("did not become ready").And.Contain("FATAL:  simulated: could not map shared memory");
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    private static Process StartInfrastructureCli(string server)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // kept open: the CLI would stop on end of input
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "workbook-infra.dll"));
        start.ArgumentList.Add("up");
        start.ArgumentList.Add(server);
        start.Environment["WORKBOOK_INFRA"] = "native";
        return Process.Start(start)!;
    }

    private async Task<(string Folder, int PostmasterPid)> ReadPostgresLocationAsync(Process owner)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(CurrentTest.Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await owner.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.WriteLine(line);
            if (line.Contains("[infrastructure] PostgreSql", StringComparison.Ordinal))
            {
                var (pid, folder) = ParseLocation(line);
                return (folder, pid);
            }
        }

        throw new InvalidOperationException($"The CLI ended without starting PostgreSQL: {await owner.StandardError.ReadToEndAsync(CurrentTest.Cancellation)}");
    }

    private static (int Pid, string Folder) ParseLocation(string text)
    {
        var match = LocationPattern().Match(text);
        match.Success.Should().BeTrue($"'{text}' names a pid and a folder");
        return (int.Parse(match.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["folder"].Value);
    }

    /// <summary>True while any process (postmaster or a backend) is in the server's process group.</summary>
    private static bool PostgresProcessGroupIsAlive(int processGroupId) => Processes.UnixSignals.IsGroupAlive(processGroupId);

    private static void WriteScript(string folder, string name, string body)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    [GeneratedRegex(@"pid (?<pid>\d+), folder (?<folder>\S+)")]
    private static partial Regex LocationPattern();
}
