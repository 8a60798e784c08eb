using System.Net;

namespace AgentProvision.Tests.Databricks;

/// <summary>GET /api/v1/databricks/usage: the original's totals and rounded percentages, plus states and the oldest unsynced change.</summary>
public sealed class UsageTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Usage_counts_the_tenants_own_resources_per_state_with_percentages_rounded_to_one_decimal()
    {
        var tenant = await NewTenantAsync();
        var bystander = await NewTenantAsync();
        // Synced before the fault is set, so the one-shot fault below meets the tenant's notebook, not this one.
        await bystander.WaitUntilSyncedAsync(await bystander.CreateNotebookAsync("not counted for the tenant"), SyncTimeout, WorkerLog);

        // One notebook the connector refuses for good (failed), two that sync: 2 of 3 in Databricks.
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE", Times: 1));
        var refused = await tenant.CreateNotebookAsync("refused");
        await tenant.WaitForNotebookAsync(refused.Id, n => n.Sync.Status == "failed", SyncTimeout, WorkerLog);
        foreach (var name in new[] { "first", "second" })
        {
            await tenant.WaitUntilSyncedAsync(await tenant.CreateNotebookAsync(name), SyncTimeout, WorkerLog);
        }

        var (code, usage) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/usage");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(tenant.TenantId, usage.GetProperty("tenant_id").GetGuid());
        var notebooks = usage.GetProperty("resources").GetProperty("notebooks");
        Assert.Equal(3, notebooks.GetProperty("total").GetInt64());
        Assert.Equal(2, notebooks.GetProperty("in_databricks").GetInt64());
        Assert.Equal(2, notebooks.GetProperty("synced").GetInt64());
        Assert.Equal(1, notebooks.GetProperty("failed").GetInt64());
        Assert.Equal(0, notebooks.GetProperty("pending").GetInt64());
        Assert.True(notebooks.GetProperty("oldest_unsynced_age_seconds").GetDouble() >= 0);
        Assert.Equal(66.7, usage.GetProperty("sync_percentage").GetProperty("notebooks").GetDouble());
        Assert.Equal(0.0, usage.GetProperty("sync_percentage").GetProperty("datasets").GetDouble());
        Assert.Equal(0, usage.GetProperty("resources").GetProperty("pipelines").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Usage_of_a_tenant_with_nothing_unsynced_has_no_oldest_change_and_local_only_counts_apart()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Mcp:Enabled", "false")));
        var tenant = await TenantClient.RegisterAsync(api);
        await tenant.CreateNotebookAsync("kept local");

        var (_, usage) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/usage");

        Assert.False(usage.GetProperty("enabled").GetBoolean());
        var notebooks = usage.GetProperty("resources").GetProperty("notebooks");
        Assert.Equal(1, notebooks.GetProperty("local_only").GetInt64());
        Assert.Equal(0, notebooks.GetProperty("in_databricks").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, notebooks.GetProperty("oldest_unsynced_age_seconds").ValueKind);
        Assert.Equal(0.0, usage.GetProperty("sync_percentage").GetProperty("notebooks").GetDouble());
    }
}
