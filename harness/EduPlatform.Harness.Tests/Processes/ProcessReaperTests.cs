using System.Diagnostics;
using EduPlatform.Harness.Processes;
using EduPlatform.Harness.Tests.Hosting;

namespace EduPlatform.Harness.Tests.Processes;

public sealed class ProcessReaperTests
{
    [Fact]
    public async Task Closing_the_pipe_without_release_kills_the_guarded_process_as_the_owners_death_would()
    {
        using var sleeper = StartSleeper();
        var reaper = ProcessReaper.Guard(sleeper);
        var watchdog = reaper.WatchdogProcessId;
        ChildProcesses.WatchdogsGuarding(sleeper.Id).Should().Equal(watchdog);

        // The kernel closes the pipe's write end when the owner dies; Dispose closes it the same way.
        reaper.Dispose();

        await sleeper.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(5),
            TestContext.Current.CancellationToken);
        sleeper.ExitCode.Should().Be(137, "128 + SIGKILL");
        ChildProcesses.IsAlive(watchdog).Should().BeFalse();
    }

    [Fact]
    public async Task Release_leaves_the_process_running_and_ends_the_watchdog()
    {
        using var sleeper = StartSleeper();
        var reaper = ProcessReaper.Guard(sleeper);
        var watchdog = reaper.WatchdogProcessId;

        reaper.Release();
        reaper.Dispose(); // after Release, Dispose must not kill either

        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        sleeper.HasExited.Should().BeFalse();
        ChildProcesses.IsAlive(watchdog).Should().BeFalse();
        sleeper.Kill();
    }

    [Fact]
    public void Guarding_a_process_that_is_not_running_is_an_error()
    {
        using var done = StartSleeper();
        done.Kill();
        done.WaitForExit();

        var act = () => ProcessReaper.Guard(done.Id);

        act.Should().Throw<InvalidOperationException>();
    }

    private static Process StartSleeper() =>
        Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })
        ?? throw new InvalidOperationException("could not start sleep");
}
