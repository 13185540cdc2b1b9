using System.Reflection;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using EduPlatform.Harness.Infrastructure.Containers;

namespace EduPlatform.Harness.Tests.Infrastructure;

/// <summary>
/// The containers backend's configuration, checked without Docker: the builders are built against
/// an endpoint nobody listens on (building does not contact Docker; starting would).
/// </summary>
public sealed class ContainerBlueprintTests
{
    private const string NoDocker = "tcp://127.0.0.1:9";

    [Fact]
    public void PostgreSql_uses_the_pinned_image_and_the_harness_credentials()
    {
        var builder = ContainerBlueprints.Postgres(NoDocker);
        var configuration = ConfigurationOf(builder);

        builder.Build().Image.FullName.Should().Be("postgres:15");
        configuration.Environments.Should().Contain(new KeyValuePair<string, string>("POSTGRES_USER", "postgres"))
            .And.Contain(new KeyValuePair<string, string>("POSTGRES_PASSWORD", "postgres"));
    }

    [Fact]
    public void PostgreSql_keeps_synchronous_commit_on_so_acknowledged_commits_survive_a_kill()
    {
        var command = ConfigurationOf(ContainerBlueprints.Postgres(NoDocker)).Command.ToList();

        // postgres takes the last -c for a setting: the harness's must come after the module's.
        var lastSynchronousCommit = command.FindLastIndex(argument => argument.StartsWith("synchronous_commit=", StringComparison.Ordinal));
        command[lastSynchronousCommit].Should().Be("synchronous_commit=on");
        command.Should().Contain("max_connections=500");
    }

    [Fact]
    public void Redis_uses_the_pinned_image_with_a_logical_database_per_test()
    {
        var builder = ContainerBlueprints.Redis(NoDocker);

        builder.Build().Image.FullName.Should().Be("redis:7.0");
        ConfigurationOf(builder).Command.Should().ContainInOrder("--databases", "256");
    }

    [Fact]
    public void RabbitMq_uses_the_pinned_image_and_a_user_allowed_from_outside_the_container()
    {
        var builder = ContainerBlueprints.RabbitMq(NoDocker);

        builder.Build().Image.FullName.Should().Be("rabbitmq:3.10");
        ConfigurationOf(builder).Environments.Should()
            .Contain(new KeyValuePair<string, string>("RABBITMQ_DEFAULT_USER", "rabbitmq"))
            .And.Contain(new KeyValuePair<string, string>("RABBITMQ_DEFAULT_PASS", "rabbitmq"));
    }

    [Fact]
    public void Every_blueprint_targets_the_docker_endpoint_the_probe_found()
    {
        var endpoints = new[]
        {
            ConfigurationOf(ContainerBlueprints.Postgres(NoDocker)).DockerEndpointAuthConfig.Endpoint,
            ConfigurationOf(ContainerBlueprints.Redis(NoDocker)).DockerEndpointAuthConfig.Endpoint,
            ConfigurationOf(ContainerBlueprints.RabbitMq(NoDocker)).DockerEndpointAuthConfig.Endpoint,
        };

        endpoints.Should().AllSatisfy(endpoint => endpoint.Should().Be(new Uri(NoDocker)));
    }

    /// <summary>Testcontainers keeps a builder's configuration in a protected property; read it.</summary>
    private static IContainerConfiguration ConfigurationOf<TBuilder, TContainer, TConfiguration>(
        ContainerBuilder<TBuilder, TContainer, TConfiguration> builder)
        where TBuilder : ContainerBuilder<TBuilder, TContainer, TConfiguration>
        where TContainer : IContainer
        where TConfiguration : IContainerConfiguration
    {
        var property = builder.GetType()
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
            .First(candidate => candidate.Name == "DockerResourceConfiguration" && candidate.DeclaringType == builder.GetType());
        return (IContainerConfiguration)property.GetValue(builder)!;
    }
}
