using EduPlatform.Saga.Host;

SagaHostApp.Build(args).Run();

/// <summary>The entry point, named so the harness can host this app out of process.</summary>
public partial class Program;
