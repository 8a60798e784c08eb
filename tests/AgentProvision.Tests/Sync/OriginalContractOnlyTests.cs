using System.Net;
using System.Net.Http.Json;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Sync;

/// <summary>
/// The worker against a connector that speaks only the original MCP contract (every extension answers 404 without an
/// error code, as a seed-era server does): resources still sync exactly once, or follow the documented fallback.
/// </summary>
public sealed class OriginalContractOnlyTests(SystemFixture system) : SystemTest(system)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.Emulator.SetExtensionsAsync(false);
    }

    public override async Task DisposeAsync()
    {
        await Fixture.Emulator.SetExtensionsAsync(true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Notebook_is_created_updated_and_deleted_exactly_once_without_extensions()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync(content: "v1");
        var first = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        using var update = await tenant.Http.PutAsJsonAsync($"/api/v1/notebooks/{created.Id}", new { content = "v2" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog, generation: 2);
        Assert.Equal("v2", await Fixture.Emulator.NotebookContentAsync(tenant.TenantId, first.Sync.NotebookPath!));

        using var delete = await tenant.Http.DeleteAsync($"/api/v1/notebooks/{created.Id}");
        await WaitForRowAsync(created.Id, n => n.SyncStatus == SyncStatus.Deleted, SyncTimeout);

        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, first.Sync.NotebookPath!);
        Assert.Equal((1, 1, 0), (remote.CreatedCount, remote.DeletedCount, remote.LiveCount));
    }

    [Fact]
    public async Task Catalog_is_created_once_without_extensions_even_when_the_create_answer_is_lost()
    {
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("catalogs.create", "after_state_change", Status: 503, Times: 1));
        var tenant = await NewTenantAsync();

        await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");

        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            await using var db = Fixture.NewDbContext();
            var row = await db.TenantCatalogs.AsNoTracking().SingleAsync(c => c.TenantId == tenant.TenantId);
            if (row.SyncStatus == SyncStatus.Synced)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"catalog stuck in {row.SyncStatus}: {row.LastErrorMessage}\n{WorkerLog()}");
            await Task.Delay(50);
        }

        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId), o => o.Kind == "catalog");
        Assert.Equal((1, 1), (remote.CreatedCount, remote.LiveCount));
    }

    [Fact]
    public async Task Lost_notebook_create_answer_without_the_lookup_extension_marks_it_failed_and_never_creates_twice()
    {
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "after_state_change", Status: 503, Times: 1));
        var tenant = await NewTenantAsync();

        var created = await tenant.CreateNotebookAsync();
        var failed = await tenant.WaitForNotebookAsync(created.Id, n => n.Sync.Status == "failed", SyncTimeout, WorkerLog);

        Assert.Equal("NOTEBOOK_ALREADY_EXISTS", failed.Sync.LastError?.Code);
        Assert.Contains($"/api/v1/notebooks/{created.Id}/retry", failed.Sync.LastError!.Message, StringComparison.Ordinal);
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, EmulatorAdmin.NotebookPath(tenant.TenantId, created.Id));
        Assert.Equal((1, 1), (remote.CreatedCount, remote.LiveCount));
        Assert.Contains("notebook-lookup", WorkerLog(), StringComparison.Ordinal);
    }
}
