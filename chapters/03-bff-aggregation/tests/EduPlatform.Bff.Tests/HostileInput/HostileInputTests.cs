using System.Text.Json;
using EduPlatform.Bff.Tests.Support;

namespace EduPlatform.Bff.Tests.HostileInput;

/// <summary>
/// Every hostile request gets a clear 4xx, as problem+json with a type and a status (unless the server refused it before
/// the app saw it), never a 5xx, never a stack trace, and never costs a downstream call.
/// </summary>
public sealed class HostileInputTests(DefaultBff bff) : EachTestResets<DefaultBff>(bff), IClassFixture<DefaultBff>
{
    public static TheoryData<string> Cases => new(HostileRequests.All.Select(request => request.Name));

    [Fact]
    public void The_table_holds_at_least_fifty_cases() => HostileRequests.All.Should().HaveCountGreaterThanOrEqualTo(50);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_with_a_4xx_problem_and_no_downstream_call(string name)
    {
        var hostile = HostileRequests.Named(name);
        using var request = hostile.Build(Bff.System);

        using var response = await Bff.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        ((int)response.StatusCode).Should().Be(hostile.Status, body);
        body.Should().NotContain("Exception").And.NotContain("   at ");
        if (hostile.KestrelAnswers)
        {
            body.Should().BeEmpty("the server answers malformed HTTP itself, with nothing to leak");
        }
        else
        {
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
            using var problem = JsonDocument.Parse(body);
            problem.RootElement.GetProperty("status").GetInt32().Should().Be(hostile.Status);
            problem.RootElement.TryGetProperty("title", out _).Should().BeTrue();
        }

        Bff.System.Services.Values.Sum(service => service.Calls.Count).Should().Be(0, "a refused request costs no downstream call");
    }
}
