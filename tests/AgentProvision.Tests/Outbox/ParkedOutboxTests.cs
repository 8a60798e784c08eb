using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AgentProvision.Contracts.Messages;
using AgentProvision.Persistence.Outbox;
using AgentProvision.Tests.Observability;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Outbox;

public sealed class ParkedOutboxTests(SystemFixture system) : SystemTest(system)
{
    private const int MaxPublishAttempts = 3;
    private readonly string operatorEmail = $"ops-{Guid.NewGuid():N}@example.com";
    private ApiFactory? opsApi;

    /// <summary>One worker that parks after <see cref="MaxPublishAttempts"/>, and an API that knows an operator.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        await Fixture.StartWorkerAsync(new Dictionary<string, string>
        {
            ["SyncWorker:MaxPublishAttempts"] = MaxPublishAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SyncWorker:MetricsSampleInterval"] = "00:00:00.200",
        });
        opsApi = new ApiFactory(Fixture.ApiSettings(("Ops:Operators", $"someone@example.com, {operatorEmail.ToUpperInvariant()}")));
    }

    /// <summary>The next test gets a worker with the default settings again.</summary>
    public override async Task DisposeAsync()
    {
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        if (opsApi is not null)
        {
            await opsApi.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_unpublishable_row_is_parked_after_its_attempts_is_never_claimed_again_and_never_blocks_the_others()
    {
        var poisonId = await InsertRowAsync("notebook.from-the-future");

        var parked = await WaitForRowAsync(poisonId, row => row.ParkedAt is not null);
        Assert.Equal(MaxPublishAttempts, parked.Attempts);
        Assert.Null(parked.DispatchedAt);
        Assert.Contains("notebook.from-the-future", parked.LastError, StringComparison.Ordinal);

        // Others flow meanwhile and after; the parked row is left alone (no more attempts).
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);
        var later = await WaitForRowAsync(poisonId, _ => true);
        Assert.Equal((MaxPublishAttempts, parked.ParkedAt), (later.Attempts, later.ParkedAt));

        // Counted on /metrics.
        var worker = Assert.Single(Fixture.Workers, w => !w.HasExited);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            var samples = await PrometheusText.ScrapeAsync(http, worker.Url);
            if (samples.Any(s => s.Name == "agentprovision_outbox_parked" && s.Value >= 1))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "agentprovision_outbox_parked never counted the parked row:\n" +
                string.Join("\n", samples.Where(s => s.Name.StartsWith("agentprovision_outbox", StringComparison.Ordinal))));
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_operator_lists_a_parked_row_and_requeues_it_with_a_fresh_budget_and_it_is_delivered()
    {
        var rowId = await InsertRowAsync("resource.sync-requested.v0");
        await WaitForRowAsync(rowId, row => row.ParkedAt is not null);
        using var ops = await OperatorAsync();

        using (var list = await ops.GetAsync("/api/v1/ops/outbox/parked"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            using var body = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            var entry = body.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == rowId);
            Assert.Equal("resource.sync-requested.v0", entry.GetProperty("message_type").GetString());
            Assert.Equal(MaxPublishAttempts, entry.GetProperty("attempts").GetInt32());
            Assert.Contains("resource.sync-requested.v0", entry.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal("notebook", entry.GetProperty("resource_type").GetString());
            Assert.True(entry.TryGetProperty("parked_at", out _) && entry.TryGetProperty("tenant_id", out _) && entry.TryGetProperty("resource_id", out _));
            Assert.False(entry.TryGetProperty("payload", out _));
        }

        // The cause is fixed (a worker that knows the type is deployed; here: the row names a type this worker knows).
        await using (var db = Fixture.NewDbContext())
        {
            await db.OutboxMessages.Where(m => m.Id == rowId)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.MessageType, MessageTypes.NameOf(typeof(ResourceSyncRequested))));
        }

        using (var requeue = await ops.PostAsync($"/api/v1/ops/outbox/{rowId}/requeue", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, requeue.StatusCode);
        }

        var delivered = await WaitForRowAsync(rowId, row => row.DispatchedAt is not null);
        Assert.Null(delivered.ParkedAt);
        Assert.Equal(1, delivered.Attempts); // a fresh budget: the successful publish is its first attempt
        using (var again = await ops.PostAsync($"/api/v1/ops/outbox/{rowId}/requeue", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using var listAfter = await ops.GetAsync("/api/v1/ops/outbox/parked");
        Assert.DoesNotContain(rowId.ToString(), await listAfter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ops_endpoints_answer_401_without_a_token_403_to_a_tenant_and_200_to_an_operator()
    {
        using var anonymous = opsApi!.CreateClient();
        using (var response = await anonymous.GetAsync("/api/v1/ops/outbox/parked"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var tenant = await TenantClient.RegisterAsync(opsApi);
        using (var response = await tenant.Http.GetAsync("/api/v1/ops/outbox/parked"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var response = await tenant.Http.PostAsync($"/api/v1/ops/outbox/{Guid.NewGuid()}/requeue", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using var ops = await OperatorAsync();
        using (var response = await ops.GetAsync("/api/v1/ops/outbox/parked"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The operator is still a tenant user too: the usual API works with the same token.
        using (var response = await ops.GetAsync("/api/v1/notebooks"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_operator_list_that_is_not_e_mail_addresses_stops_the_api_naming_the_setting()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Ops:Operators", "ops@example.com, not-an-address")));
        var failure = Assert.ThrowsAny<Exception>(() => api.Server);
        Assert.Contains("Ops:Operators", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("not-an-address", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>An operator: registered (its first token must carry the role too), then logged in.</summary>
    private async Task<HttpClient> OperatorAsync()
    {
        var http = opsApi!.CreateClient();
        using (var register = await http.PostAsJsonAsync("/api/v1/auth/register",
            new { tenant_name = "Operations", email = operatorEmail, password = "correct-horse-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, register.StatusCode);
            var registered = (await register.Content.ReadFromJsonAsync<TokenDto>(Wire.Json))!;
            using var check = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ops/outbox/parked");
            check.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registered.AccessToken);
            using var answer = await http.SendAsync(check);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = operatorEmail, password = "correct-horse-1" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<TokenDto>(Wire.Json))!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return http;
    }

    private async Task<Guid> InsertRowAsync(string messageType)
    {
        var id = Guid.CreateVersion7();
        await using var db = Fixture.NewDbContext();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = id,
            TenantId = Guid.NewGuid(),
            ResourceType = "notebook",
            ResourceId = Guid.NewGuid(),
            MessageType = messageType,
            // A resource that does not exist: once delivered, the consumer finds nothing to do.
            Payload = JsonSerializer.Serialize(new ResourceSyncRequested("notebook", Guid.NewGuid(), Guid.NewGuid(), 1)),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<OutboxMessage> WaitForRowAsync(Guid id, Func<OutboxMessage, bool> until)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        OutboxMessage? row;
        do
        {
            await using var db = Fixture.NewDbContext();
            row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
            if (until(row))
            {
                return row;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Outbox row {id} did not reach the expected state: attempts {row.Attempts}, parked {row.ParkedAt}, " +
            $"dispatched {row.DispatchedAt}, error {row.LastError}\n{WorkerLog()}");
        return row;
    }
}
