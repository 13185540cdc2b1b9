using EduPlatform.Harness.SampleApp;

SampleApplication.Build(args).Run();

/// <summary>The entry point, public so WebApplicationFactory-style hosting can find the assembly.</summary>
public partial class Program;
