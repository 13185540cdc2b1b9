using System.Net;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;
using Npgsql;

namespace EduPlatform.Platform.Tests.Payments;

/// <summary>
/// "The same idempotency key charges once", tried hard: many concurrent duplicates, split across two
/// instances of the Payments service on one database, in several rounds; duplicates racing with a
/// different amount; the key's scope. Every verdict is read back from the Payments database itself.
/// </summary>
public sealed class IdempotentChargeTests(IdempotentChargeTests.TwoPaymentsInstances fixture) : IClassFixture<IdempotentChargeTests.TwoPaymentsInstances>
{
    private const int Rounds = 5;
    private const int DuplicatesPerRound = 40;

    /// <summary>Services shape with two Payments instances on the Payments database.</summary>
    public sealed class TwoPaymentsInstances(InfrastructureFixture infrastructure) : IAsyncLifetime
    {
        public PlatformSystem Platform { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            Platform = await PlatformSystem.StartAsync(infrastructure, new PlatformSettings { InstancesPerModule = 2 }, CurrentTest.Cancellation);

        public ValueTask DisposeAsync() => Platform.DisposeAsync();
    }

    private PlatformSystem Platform => fixture.Platform;

    [Fact]
    public async Task Concurrent_duplicates_across_two_instances_charge_exactly_once()
    {
        var alice = await Platform.LoginAsync(DemoAccounts.Alice);
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"double-click-{Guid.NewGuid()}";
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, DuplicatesPerRound).Select(i => Task.Run(async () =>
            {
                await start.Task; // all duplicates leave together
                using var response = await Charge(Platform.Client(PlatformModules.Payments, i % 2), alice, key, amountCents: 4900);
                return (response.StatusCode, Replayed: response.Headers.Contains("Idempotent-Replayed"), Body: await response.JsonAsync());
            })).ToList();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            results.Should().AllSatisfy(result => result.StatusCode.Should().Be(HttpStatusCode.Created));
            results.Select(result => result.Body.GetProperty("id").GetGuid()).Distinct().Should().ContainSingle("every duplicate must answer with the one charge");
            results.Count(result => !result.Replayed).Should().Be(1, "exactly one response is the charge being made; the others are replays");
            (await ChargesInDatabaseAsync(key)).Should().Be(1, $"round {round}: one key, one charge in the ledger");
        }
    }

    [Fact]
    public async Task A_key_reused_for_a_different_amount_is_refused_and_charges_nothing_more()
    {
        var alice = await Platform.LoginAsync(DemoAccounts.Alice);
        var key = $"reused-{Guid.NewGuid()}";
        using var first = await Charge(Platform.Client(PlatformModules.Payments), alice, key, amountCents: 4900);
        first.StatusCode.Should().Be(HttpStatusCode.Created);

        using var different = await Charge(Platform.Client(PlatformModules.Payments, 1), alice, key, amountCents: 9900);
        var problem = await different.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("type").GetString().Should().EndWith("/idempotency-key-reused");
        problem.GetProperty("chargeId").GetGuid().Should().Be((await first.JsonAsync()).GetProperty("id").GetGuid());
        (await ChargesInDatabaseAsync(key)).Should().Be(1);
    }

    [Fact]
    public async Task Racing_duplicates_with_two_different_amounts_make_one_charge_and_refuse_the_other_amount()
    {
        var alice = await Platform.LoginAsync(DemoAccounts.Alice);
        var key = $"race-{Guid.NewGuid()}";
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, DuplicatesPerRound).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var amount = i % 2 == 0 ? 1000 : 2000;
            using var response = await Charge(Platform.Client(PlatformModules.Payments, i / 2 % 2), alice, key, amount);
            return (Amount: amount, response.StatusCode);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        await using var connection = new NpgsqlConnection(Platform.ConnectionStrings[PlatformModules.Payments]);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new NpgsqlCommand("SELECT amount_cents FROM charges WHERE idempotency_key = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = key } },
        };
        var charged = (long)(await read.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;

        (await ChargesInDatabaseAsync(key)).Should().Be(1);
        results.Where(result => result.Amount == charged).Should().AllSatisfy(result => result.StatusCode.Should().Be(HttpStatusCode.Created));
        results.Where(result => result.Amount != charged).Should().AllSatisfy(result => result.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task A_key_belongs_to_its_user_so_two_users_with_the_same_key_are_two_charges()
    {
        var key = $"shared-{Guid.NewGuid()}";
        using var alices = await Charge(Platform.Client(PlatformModules.Payments), await Platform.LoginAsync(DemoAccounts.Alice), key, 500, DemoAccounts.Alice.SavedCard);
        using var bobs = await Charge(Platform.Client(PlatformModules.Payments), await Platform.LoginAsync(DemoAccounts.Bob), key, 500, DemoAccounts.Bob.SavedCard);

        alices.StatusCode.Should().Be(HttpStatusCode.Created);
        bobs.StatusCode.Should().Be(HttpStatusCode.Created);
        bobs.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await ChargesInDatabaseAsync(key)).Should().Be(2);
    }

    private static Task<HttpResponseMessage> Charge(HttpClient payments, string token, string key, long amountCents, Guid? card = null) =>
        payments.SendAsync(HttpMethod.Post, "/api/payments/charges", token,
            PlatformHttp.Json(new { amountCents, currency = "USD", paymentMethodId = card ?? DemoAccounts.Alice.SavedCard }),
            new Dictionary<string, string> { ["Idempotency-Key"] = key });

    private async Task<long> ChargesInDatabaseAsync(string key)
    {
        await using var connection = new NpgsqlConnection(Platform.ConnectionStrings[PlatformModules.Payments]);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM charges WHERE idempotency_key = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = key } },
        };
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
