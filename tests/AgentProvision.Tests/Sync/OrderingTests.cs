using System.Net;
using System.Net.Http.Json;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Tests.Sync;

/// <summary>A slow call for an old generation must never overtake the newer one and leave Databricks stale.</summary>
public sealed class OrderingTests(SystemFixture system) : SystemTest(system)
{
    private static readonly TimeSpan SlowImport = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task Update_made_while_the_first_version_is_still_being_written_ends_with_the_new_content_in_Databricks()
    {
        var tenant = await NewTenantAsync();
        var importsBefore = await Fixture.Emulator.CallsAsync("notebooks.create");
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "latency", LatencyMs: (int)SlowImport.TotalMilliseconds, Times: 1));
        var created = await tenant.CreateNotebookAsync(content: "version 1");
        await WaitForImportCallAsync(importsBefore);

        using var update = await tenant.Http.PutAsJsonAsync($"/api/v1/notebooks/{created.Id}", new { content = "version 2" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog, generation: 2);

        // Give the slow first import every chance to land (it is 1.5 s); what Databricks holds must still be version 2.
        await Task.Delay(SlowImport * 2);
        Assert.Equal("version 2", await Fixture.Emulator.NotebookContentAsync(tenant.TenantId, synced.Sync.NotebookPath!));
        Assert.Equal(1, (await Fixture.Emulator.NotebookAsync(tenant.TenantId, synced.Sync.NotebookPath!)).CreatedCount);
    }

    [Fact]
    public async Task Delete_made_while_the_create_is_still_being_written_leaves_nothing_in_Databricks()
    {
        var tenant = await NewTenantAsync();
        var importsBefore = await Fixture.Emulator.CallsAsync("notebooks.create");
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "latency", LatencyMs: (int)SlowImport.TotalMilliseconds, Times: 1));
        var created = await tenant.CreateNotebookAsync();
        await WaitForImportCallAsync(importsBefore);

        using var delete = await tenant.Http.DeleteAsync($"/api/v1/notebooks/{created.Id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await WaitForRowAsync(created.Id, n => n.SyncStatus == SyncStatus.Deleted, SyncTimeout);

        await Task.Delay(SlowImport * 2);
        Assert.Null(await Fixture.Emulator.NotebookContentAsync(tenant.TenantId, EmulatorAdmin.NotebookPath(tenant.TenantId, created.Id)));
    }

    /// <summary>The first version's import has reached the connector and is being slowed down there.</summary>
    private async Task WaitForImportCallAsync(int importsBefore)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (await Fixture.Emulator.CallsAsync("notebooks.create") == importsBefore)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the first import never reached the connector\n{WorkerLog()}");
            await Task.Delay(10);
        }
    }
}
