using EduPlatform.Cqrs;

await CqrsHost.Build(args).RunAsync();

/// <summary>The app's entry point.</summary>
public partial class Program;
