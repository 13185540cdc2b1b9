using System.Net;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;

namespace EduPlatform.Platform.Tests.HostileInput;

/// <summary>
/// Everything a broken or malicious client sends (<see cref="HostileCases"/>), at every endpoint, in both shapes.
/// Each gets the 4xx it must get: an RFC 9457 problem with nothing internal in it, or, for the few requests the web
/// server refuses before the platform's code runs, Kestrel's own empty answer; never a 2xx, never a 5xx. And nothing
/// is stored: every module's rows are counted before and after each case.
/// </summary>
public sealed class HostileInputTests(HostilePlatforms platforms) : IClassFixture<HostilePlatforms>
{
    public static TheoryData<PlatformShape, string> Cases
    {
        get
        {
            var cases = new TheoryData<PlatformShape, string>();
            foreach (var shape in new[] { PlatformShape.Monolith, PlatformShape.Services })
            {
                foreach (var request in HostileCases.All)
                {
                    cases.Add(shape, request.Name);
                }
            }

            return cases;
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task A_hostile_request_gets_its_4xx_and_stores_nothing(PlatformShape shape, string name)
    {
        var request = HostileCases.ByName[name];
        var platform = await platforms.GetAsync(shape);
        var before = await StoredRows.ReadAsync(platform);

        var response = await RawHttpConnection.ExchangeAsync(platform.BaseAddress(request.Module),
            request.Render(await platforms.AuthorizationAsync(request.Credential)), CurrentTest.Cancellation);

        if (request.Expected.ServerRefusal is null)
        {
            response.ShouldBeProblem((HttpStatusCode)request.Expected.Status);
        }
        else
        {
            response.Status.Should().Be(request.Expected.Status, request.Expected.ServerRefusal);
            response.Body.Should().BeEmpty("Kestrel answers these itself, before the platform's problem writer exists for the request");
        }

        (await StoredRows.ReadAsync(platform)).Should().Be(before, "a refused request stores nothing");
    }

    [Fact]
    public void Every_module_gets_at_least_50_cases_and_every_kind_of_hostile_input_is_tried()
    {
        var perModule = HostileCases.All.GroupBy(request => request.Module).ToDictionary(group => group.Key, group => group.Count());
        perModule.Keys.Should().BeEquivalentTo(PlatformModules.All);
        perModule.Values.Should().OnlyContain(count => count >= 50, string.Join(", ", perModule.Select(pair => $"{pair.Key} {pair.Value}")));
        HostileCases.All.Should().NotContain(request => request.Expected.Status < 400 || request.Expected.Status >= 500);
        foreach (var kind in new[] { "JSON", "nesting", "NUL", "surrogate", "Cyrillic", "100 KiB", "headers", "two", "token", "999", "not a number" })
        {
            HostileCases.All.Should().Contain(request => request.Name.Contains(kind, StringComparison.Ordinal), $"a case of '{kind}'");
        }
    }
}
