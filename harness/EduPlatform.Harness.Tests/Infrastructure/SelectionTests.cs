using EduPlatform.Harness.Infrastructure;

namespace EduPlatform.Harness.Tests.Infrastructure;

/// <summary>WORKBOOK_INFRA and the probes decide the backend; the machine is faked here.</summary>
public sealed class SelectionTests
{
    private static readonly InfrastructureSettings Auto = new();

    [Fact]
    public void Auto_prefers_external_when_the_resource_variable_is_set()
    {
        var settings = Auto with { ExternalPostgres = "Host=db.local;Username=u;Password=p" };

        Select(ResourceKind.PostgreSql, settings, new FakeProbe(docker: true, native: true))
            .Should().Be(InfrastructureBackend.External);
    }

    [Fact]
    public void Auto_decides_per_resource_so_one_external_server_does_not_force_the_others()
    {
        var settings = Auto with { ExternalPostgres = "Host=db.local" };

        Select(ResourceKind.Redis, settings, new FakeProbe(docker: false, native: true))
            .Should().Be(InfrastructureBackend.Native);
    }

    [Fact]
    public void Auto_picks_containers_when_docker_answers()
    {
        Select(ResourceKind.RabbitMq, Auto, new FakeProbe(docker: true, native: true))
            .Should().Be(InfrastructureBackend.Containers);
    }

    [Fact]
    public void Auto_picks_native_when_docker_is_silent_and_the_binaries_exist()
    {
        Select(ResourceKind.PostgreSql, Auto, new FakeProbe(docker: false, native: true))
            .Should().Be(InfrastructureBackend.Native);
    }

    [Fact]
    public void Auto_with_nothing_available_fails_with_one_error_naming_every_missing_piece()
    {
        var select = () => Select(ResourceKind.PostgreSql, Auto, new FakeProbe(docker: false, native: false), HostPlatform.Linux);

        var error = select.Should().Throw<InfrastructureUnavailableException>().Which.Message;
        error.Should().Contain("WORKBOOK_POSTGRES is not set")
            .And.Contain("no Docker engine answered")
            .And.Contain("initdb, postgres, pg_isready")
            .And.Contain("eng/install-prerequisites.sh");
    }

    [Theory]
    [InlineData(HostPlatform.Linux, "sudo eng/install-prerequisites.sh")]
    [InlineData(HostPlatform.MacOS, "brew install rabbitmq")]
    [InlineData(HostPlatform.Windows, "Docker Desktop")]
    public void The_no_backend_error_says_what_to_do_on_each_operating_system(HostPlatform platform, string advice)
    {
        BackendSelector.NoBackendMessage(ResourceKind.RabbitMq, platform)
            .Should().Contain(advice)
            .And.Contain("WORKBOOK_RABBITMQ=");
    }

    [Fact]
    public void Forced_containers_without_docker_is_an_error_not_a_silent_fallback()
    {
        var settings = Auto with { Mode = InfrastructureMode.Containers };

        var select = () => Select(ResourceKind.Redis, settings, new FakeProbe(docker: false, native: true));

        select.Should().Throw<InfrastructureUnavailableException>().WithMessage("*WORKBOOK_INFRA=containers*no Docker engine answered*");
    }

    [Fact]
    public void Forced_native_is_honoured_even_when_docker_answers()
    {
        var settings = Auto with { Mode = InfrastructureMode.Native };

        Select(ResourceKind.Redis, settings, new FakeProbe(docker: true, native: true))
            .Should().Be(InfrastructureBackend.Native);
    }

    [Fact]
    public void Forced_external_without_its_variable_names_the_variable()
    {
        var settings = Auto with { Mode = InfrastructureMode.External };

        var select = () => Select(ResourceKind.RabbitMq, settings, new FakeProbe(docker: true, native: true));

        select.Should().Throw<InfrastructureUnavailableException>().WithMessage("*WORKBOOK_RABBITMQ is not set*");
    }

    [Theory]
    [InlineData(null, InfrastructureMode.Auto)]
    [InlineData("", InfrastructureMode.Auto)]
    [InlineData("native", InfrastructureMode.Native)]
    [InlineData("Containers", InfrastructureMode.Containers)]
    [InlineData(" external ", InfrastructureMode.External)]
    public void The_mode_is_read_from_WORKBOOK_INFRA(string? value, InfrastructureMode expected)
    {
        var settings = InfrastructureSettings.From(name => name == "WORKBOOK_INFRA" ? value : null);

        settings.Mode.Should().Be(expected);
    }

    [Fact]
    public void An_unknown_WORKBOOK_INFRA_value_lists_the_valid_ones()
    {
        var read = () => InfrastructureSettings.From(name => name == "WORKBOOK_INFRA" ? "kubernetes" : null);

        read.Should().Throw<InfrastructureUnavailableException>().WithMessage("*kubernetes*auto, external, containers, native*");
    }

    [Fact]
    public void Docker_probe_says_no_without_throwing_when_nothing_listens()
    {
        // A closed loopback port: the engine "does not answer", and the probe must say so quietly.
        DockerEndpointProbe.Answers($"tcp://127.0.0.1:{Processes.FreePort.Next()}").Should().BeFalse();
        DockerEndpointProbe.Answers("unix:///nonexistent/docker.sock").Should().BeFalse();
    }

    private static InfrastructureBackend Select(
        ResourceKind kind, InfrastructureSettings settings, IBackendProbe probe, HostPlatform platform = HostPlatform.Linux) =>
        BackendSelector.Select(kind, settings, probe, platform);

    private sealed class FakeProbe(bool docker, bool native) : IBackendProbe
    {
        public string? AnsweringDockerEndpoint() => docker ? "unix:///var/run/docker.sock" : null;

        public bool NativeBinariesFound(ResourceKind kind) => native;
    }
}
