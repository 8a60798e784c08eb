using System.Net;
using System.Text.Json;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Databricks;

/// <summary>POST /api/v1/databricks/initialize: the tenant catalog as a synced resource, and the backfill.</summary>
public sealed class InitializeTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Initialize_records_the_catalog_under_the_original_name_syncs_it_once_and_answers_the_same_catalog_again()
    {
        var tenant = await NewTenantAsync();
        var expectedName = $"agentprovision_{tenant.TenantId.ToString().Replace('-', '_')}";

        var (status, body) = await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(expectedName, body.GetProperty("catalog_name").GetString());
        Assert.Equal("pending", body.GetProperty("sync").GetProperty("status").GetString());

        var catalog = await WaitForCatalogAsync(tenant.TenantId, c => c.SyncStatus == SyncStatus.Synced);
        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId), o => o.Kind == "catalog");
        Assert.Equal(expectedName, remote.Name);
        Assert.Equal(1, remote.CreatedCount);
        Assert.Contains("\"databricks_catalog\"", catalog.Metadata, StringComparison.Ordinal);

        var (again, second) = await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(expectedName, second.GetProperty("catalog_name").GetString());
        Assert.Contains("bronze", second.GetProperty("schemas_created").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, (await Fixture.Emulator.ObjectsAsync(tenant.TenantId)).Single(o => o.Kind == "catalog").CreatedCount);
    }

    [Fact]
    public async Task Catalog_is_created_once_when_the_connector_fails_after_creating_it()
    {
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("catalogs.create", "after_state_change", Status: 503, Times: 1));
        var tenant = await NewTenantAsync();
        var statusCallsBefore = await Fixture.Emulator.CallsAsync("catalogs.status");

        await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");
        await WaitForCatalogAsync(tenant.TenantId, c => c.SyncStatus == SyncStatus.Synced);

        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId), o => o.Kind == "catalog");
        Assert.Equal(1, remote.CreatedCount);
        Assert.Equal(1, remote.LiveCount);
        // The retried create met "already exists" and the catalog status confirmed it was ours.
        Assert.True(await Fixture.Emulator.CallsAsync("catalogs.status") > statusCallsBefore);
    }

    [Fact]
    public async Task Initialize_again_retries_a_catalog_the_connector_refused()
    {
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("catalogs.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE"));
        var tenant = await NewTenantAsync();
        await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");
        var failed = await WaitForCatalogAsync(tenant.TenantId, c => c.SyncStatus == SyncStatus.Failed);
        Assert.Equal("INVALID_PARAMETER_VALUE", failed.LastErrorCode);

        await Fixture.Emulator.ClearFaultsAsync();
        var (status, body) = await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("pending", body.GetProperty("sync").GetProperty("status").GetString());
        await WaitForCatalogAsync(tenant.TenantId, c => c.SyncStatus == SyncStatus.Synced);
        Assert.Equal(1, (await Fixture.Emulator.ObjectsAsync(tenant.TenantId)).Single(o => o.Kind == "catalog").CreatedCount);
    }

    [Fact]
    public async Task Concurrent_initialize_calls_record_one_catalog()
    {
        var tenant = await NewTenantAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize")));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Accepted or HttpStatusCode.OK, $"initialize answered {a.Status}: {a.Body}"));
        Assert.Single(answers.Select(a => a.Body.GetProperty("catalog_name").GetString()).Distinct());
        await using var db = Fixture.NewDbContext();
        Assert.Equal(1, await db.TenantCatalogs.CountAsync(c => c.TenantId == tenant.TenantId));
    }

    [Fact]
    public async Task Initialize_is_refused_with_the_original_detail_when_the_integration_is_off()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Mcp:Enabled", "false")));
        var tenant = await TenantClient.RegisterAsync(api);

        using var response = await tenant.Http.PostAsync("/api/v1/databricks/initialize", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Databricks integration is not enabled", problem.GetProperty("detail").GetString());
        await using var db = Fixture.NewDbContext();
        Assert.False(await db.TenantCatalogs.AnyAsync(c => c.TenantId == tenant.TenantId));
    }

    [Fact]
    public async Task Local_only_notebooks_sync_after_the_tenant_is_enabled_and_initializes()
    {
        // The tenant works while the integration is limited to another tenant: its notebooks stay local.
        Guid tenantId;
        string token;
        var notebooks = new List<NotebookDto>();
        await using (var limited = new ApiFactory(Fixture.ApiSettings(("Mcp:EnabledTenants", "00000000-0000-0000-0000-000000000001"))))
        {
            var early = await TenantClient.RegisterAsync(limited);
            (tenantId, token) = (early.TenantId, early.AccessToken);
            for (var i = 0; i < 3; i++)
            {
                notebooks.Add(await early.CreateNotebookAsync($"before enabling {i}"));
            }

            Assert.All(notebooks, n => Assert.Equal("local_only", n.Sync.Status));
            Assert.All(notebooks, n => Assert.False(n.Sync.Databricks.GetProperty("databricks_enabled").GetBoolean()));
        }

        // Enabled for every tenant now (the fixture's API): initialize backfills them, with no edit from the user.
        var client = Fixture.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var tenant = new TenantClient(client, new TokenDto(token, "bearer", 0, tenantId, Guid.Empty));
        var (status, body) = await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(3, body.GetProperty("backfilled").GetProperty("notebooks").GetInt32());
        foreach (var notebook in notebooks)
        {
            var synced = await tenant.WaitForNotebookAsync(notebook.Id, n => n.Sync.Status == "synced", SyncTimeout, WorkerLog);
            Assert.Equal(1, synced.Sync.Generation);
        }

        var remote = (await Fixture.Emulator.ObjectsAsync(tenantId)).Where(o => o.Kind == "notebook").ToList();
        Assert.Equal(3, remote.Count);
        Assert.All(remote, o => Assert.Equal(1, o.CreatedCount));
    }

    private async Task<TenantCatalog> WaitForCatalogAsync(Guid tenantId, Func<TenantCatalog, bool> until)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        TenantCatalog? row;
        do
        {
            await using var db = Fixture.NewDbContext();
            row = await db.TenantCatalogs.AsNoTracking().SingleOrDefaultAsync(c => c.TenantId == tenantId);
            if (row is not null && until(row))
            {
                return row;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Catalog of tenant {tenantId} did not reach the expected state: {row?.SyncStatus} {row?.LastErrorMessage}\n{WorkerLog()}");
        return row!;
    }
}
