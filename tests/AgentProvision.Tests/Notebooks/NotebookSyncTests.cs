using System.Net;
using System.Net.Http.Json;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Tests.Notebooks;

public sealed class NotebookSyncTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Created_notebook_reaches_synced_with_its_Databricks_ids_written_back()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync("daily report", "print('report')");
        Assert.Equal("pending", created.Sync.Status);
        Assert.Equal(1, created.Sync.Generation);

        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        var expectedPath = EmulatorAdmin.NotebookPath(tenant.TenantId, created.Id);
        Assert.Equal(expectedPath, synced.Sync.NotebookPath);
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, expectedPath);
        Assert.True(remote.Exists);
        Assert.Equal(remote.ObjectId, synced.Sync.ObjectId);
        Assert.Equal(1, remote.CreatedCount);
        Assert.NotNull(synced.Sync.SyncedAt);
        Assert.Null(synced.Sync.LastError);
    }

    [Fact]
    public async Task Update_bumps_the_generation_and_the_new_generation_is_synced_to_the_same_object()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync(content: "print(1)");
        var first = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        using var response = await tenant.Http.PutAsJsonAsync($"/api/v1/notebooks/{created.Id}", new { content = "print(2)" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<NotebookDto>(Wire.Json))!;
        Assert.Equal(2, updated.Sync.Generation);
        Assert.Equal("pending", updated.Sync.Status);

        var second = await tenant.WaitUntilSyncedAsync(updated, SyncTimeout, WorkerLog, generation: 2);
        Assert.Equal(first.Sync.ObjectId, second.Sync.ObjectId);
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, first.Sync.NotebookPath!);
        Assert.Equal(1, remote.CreatedCount);
        Assert.True(remote.ModifiedCount >= 1, $"the remote notebook was never overwritten: {remote}");
    }

    [Fact]
    public async Task Update_that_changes_nothing_keeps_the_generation()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync(name: "same", content: "x = 1");

        using var response = await tenant.Http.PutAsJsonAsync($"/api/v1/notebooks/{created.Id}", new { name = "same", content = "x = 1" });
        var unchanged = (await response.Content.ReadFromJsonAsync<NotebookDto>(Wire.Json))!;

        Assert.Equal(1, unchanged.Sync.Generation);
    }

    [Fact]
    public async Task Delete_removes_the_notebook_from_Databricks_and_hides_it()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        using var delete = await tenant.Http.DeleteAsync($"/api/v1/notebooks/{created.Id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var get = await tenant.Http.GetAsync($"/api/v1/notebooks/{created.Id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        var row = await WaitForRowAsync(created.Id, n => n.SyncStatus == SyncStatus.Deleted, SyncTimeout);
        Assert.Equal(row.Generation, row.SyncedGeneration);
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, synced.Sync.NotebookPath!);
        Assert.False(remote.Exists);
        Assert.Equal(1, remote.DeletedCount);
    }

    [Fact]
    public async Task Notebook_deleted_before_it_ever_synced_is_not_left_behind_in_Databricks()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        using var delete = await tenant.Http.DeleteAsync($"/api/v1/notebooks/{created.Id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);

        await WaitForRowAsync(created.Id, n => n.SyncStatus == SyncStatus.Deleted, SyncTimeout);
        var objects = await Fixture.Emulator.ObjectsAsync(tenant.TenantId, EmulatorAdmin.NotebookPath(tenant.TenantId, created.Id));
        Assert.All(objects.Where(o => o.Kind == "notebook"), o => Assert.False(o.Exists));
    }

    [Fact]
    public async Task Many_notebooks_all_sync_and_each_exists_exactly_once()
    {
        var tenant = await NewTenantAsync();
        var notebooks = new List<NotebookDto>();
        for (var i = 0; i < 40; i++)
        {
            notebooks.Add(await tenant.CreateNotebookAsync($"bulk {i}", $"print({i})"));
        }

        foreach (var notebook in notebooks)
        {
            await tenant.WaitUntilSyncedAsync(notebook, SyncTimeout, WorkerLog);
        }

        var remote = (await Fixture.Emulator.ObjectsAsync(tenant.TenantId)).Where(o => o.Kind == "notebook").ToList();
        Assert.Equal(40, remote.Count);
        Assert.All(remote, o => Assert.Equal(1, o.CreatedCount));
    }
}
