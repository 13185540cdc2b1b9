using EduPlatform.Harness.Infrastructure;

[assembly: AssemblyFixture(typeof(InfrastructureFixture))]
