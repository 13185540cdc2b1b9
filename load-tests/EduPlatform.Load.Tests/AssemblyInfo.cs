// Load tests measure time on a 2-core machine: running them side by side would make each
// other's generator late. One at a time keeps the measurements about the code under test.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

// One sample run with every report format, shared by the report tests and the browser test.
[assembly: AssemblyFixture(typeof(EduPlatform.Load.Tests.SampleRunFixture))]
