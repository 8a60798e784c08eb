using System.Net;
using System.Net.Http.Headers;

namespace AgentProvision.Tests.Datasets;

/// <summary>Datasets of a tenant without the integration stay local, answer queries locally, and sync after initialize.</summary>
public sealed class DatasetLocalOnlyTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Local_only_dataset_is_queried_locally_counted_in_usage_and_synced_after_initialize()
    {
        Guid tenantId;
        string token;
        DatasetDto dataset;
        await using (var limited = new ApiFactory(Fixture.ApiSettings(("Mcp:EnabledTenants", "00000000-0000-0000-0000-000000000001"))))
        {
            var early = await TenantClient.RegisterAsync(limited);
            (tenantId, token) = (early.TenantId, early.AccessToken);
            dataset = await early.UploadAsync("city,population\nOslo,709000\nBergen,291000\n", "cities");
            Assert.Equal("local_only", dataset.Sync.Status);
            Assert.False(dataset.Metadata.GetProperty("databricks_enabled").GetBoolean());

            var (_, answer, body) = await early.QueryAsync(dataset.Id, "SELECT city FROM dataset WHERE population > 500000");
            Assert.True(answer is { Source: "local", RowCount: 1 }, body);

            var (_, status) = await early.SendAsync(HttpMethod.Get, $"/api/v1/datasets/{dataset.Id}/databricks/status");
            Assert.Equal("not_synced", status.GetProperty("sync_status").GetString());
            var (syncStatus, _) = await early.SendAsync(HttpMethod.Post, $"/api/v1/datasets/{dataset.Id}/sync");
            Assert.Equal(HttpStatusCode.Conflict, syncStatus);

            var (_, usage) = await early.SendAsync(HttpMethod.Get, "/api/v1/databricks/usage");
            var datasets = usage.GetProperty("resources").GetProperty("datasets");
            Assert.Equal(1, datasets.GetProperty("total").GetInt64());
            Assert.Equal(1, datasets.GetProperty("local_only").GetInt64());
        }

        var client = Fixture.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var tenant = new TenantClient(client, new TokenDto(token, "bearer", 0, tenantId, Guid.Empty));
        var (initialized, body2) = await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");
        Assert.Equal(HttpStatusCode.Accepted, initialized);
        Assert.Equal(1, body2.GetProperty("backfilled").GetProperty("datasets").GetInt32());

        await tenant.WaitUntilDatasetSyncedAsync(dataset, SyncTimeout, WorkerLog);
        var (_, remote, remoteBody) = await tenant.QueryRemotelyAsync(dataset.Id, "SELECT city FROM dataset WHERE population > 500000");
        Assert.True(remote is { Source: "databricks", RowCount: 1 }, remoteBody);
        var (_, after) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/usage");
        Assert.Equal(100.0, after.GetProperty("sync_percentage").GetProperty("datasets").GetDouble());
    }
}
