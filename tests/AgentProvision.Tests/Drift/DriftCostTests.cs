using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Drift;

/// <summary>The drift check costs one listing per tenant and kind (a page per call), never a call per resource.</summary>
public sealed class DriftCostTests(SystemFixture system) : DriftTest(system)
{
    /// <summary>An interval longer than any test: the worker checks each tenant exactly once, when it starts.</summary>
    private const string OnceOnly = "01:00:00";

    /// <summary>What a worker logs once its drift check has been through its first round of claims.</summary>
    private const string FirstRoundDone = "Drift check on:";

    [Fact]
    public async Task A_tenant_with_100_synced_notebooks_costs_one_listing_call_and_nothing_else()
    {
        var tenant = await NewTenantAsync();
        var notebooks = await CreateSyncedNotebooksAsync(tenant, 100);
        var getsBefore = await Fixture.Emulator.CallsAsync("notebooks.get", tenant.TenantId);

        await StartDriftWorkerAsync(OnceOnly);
        var check = await WaitForCheckAsync(tenant.TenantId, Notebook.Kind);

        Assert.Equal("100 synced, 100 listed in 1 page(s), 0 drifted", check.LastOutcome);
        Assert.Equal(1, await Fixture.Emulator.CallsAsync("notebooks.list", tenant.TenantId));
        Assert.Equal(getsBefore, await Fixture.Emulator.CallsAsync("notebooks.get", tenant.TenantId));
        await using var db = Fixture.NewDbContext();
        var ids = notebooks.Select(n => n.Id).ToList();
        Assert.Equal(100, await db.Notebooks.CountAsync(n => ids.Contains(n.Id) && n.SyncStatus == SyncStatus.Synced && n.LastErrorCode == null));
    }

    [Fact]
    public async Task A_listing_in_pages_is_read_to_the_end_before_a_missing_notebook_counts_as_deleted()
    {
        var tenant = await NewTenantAsync();
        var notebooks = await CreateSyncedNotebooksAsync(tenant, 25);
        var victim = notebooks[17];
        await Databricks.DeleteNotebookAsync(tenant.TenantId, victim.Sync.NotebookPath!);

        await StartDriftWorkerAsync(OnceOnly, pageSize: 10);
        var check = await WaitForCheckAsync(tenant.TenantId, Notebook.Kind);

        Assert.Equal("25 synced, 24 listed in 3 page(s), 1 drifted", check.LastOutcome);
        Assert.Equal(3, await Fixture.Emulator.CallsAsync("notebooks.list", tenant.TenantId));
        await WaitForAsync<Notebook>(victim.Id,
            row => row.SyncStatus == SyncStatus.Synced && row.SyncedGeneration == row.Generation && row.LastErrorCode == null, "to be synced again");
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, victim.Sync.NotebookPath!);
        Assert.Equal((2, 1), (remote.CreatedCount, remote.LiveCount));
        await using var db = Fixture.NewDbContext();
        var others = notebooks.Where(n => n.Id != victim.Id).Select(n => n.Id).ToList();
        Assert.Equal(24, await db.Notebooks.CountAsync(n => others.Contains(n.Id) && n.SyncStatus == SyncStatus.Synced && n.SyncAttempts == 1));
    }

    [Fact]
    public async Task Two_workers_check_a_tenant_once_per_interval_between_them()
    {
        var tenant = await NewTenantAsync();
        await CreateSyncedNotebooksAsync(tenant, 3);

        var first = await StartDriftWorkerAsync(OnceOnly);
        var second = await StartDriftWorkerAsync(OnceOnly);
        // Each worker claims whatever is due as soon as it starts; wait until both have been through that first round.
        await WaitForLogAsync(first, FirstRoundDone);
        await WaitForLogAsync(second, FirstRoundDone);
        var check = await WaitForCheckAsync(tenant.TenantId, Notebook.Kind);

        Assert.Equal("3 synced, 3 listed in 1 page(s), 0 drifted", check.LastOutcome);
        Assert.Equal(1, await Fixture.Emulator.CallsAsync("notebooks.list", tenant.TenantId));
        Assert.True(check.DueAt > DateTimeOffset.UtcNow.AddMinutes(30), $"the check is due again at {check.DueAt:O}, not one interval on");
    }

    private async Task<List<NotebookDto>> CreateSyncedNotebooksAsync(TenantClient tenant, int count)
    {
        var created = new List<NotebookDto>();
        for (var i = 0; i < count; i++)
        {
            created.Add(await tenant.CreateNotebookAsync($"nb {i}", $"print({i})"));
        }

        var synced = new List<NotebookDto>();
        foreach (var notebook in created)
        {
            synced.Add(await tenant.WaitUntilSyncedAsync(notebook, TimeSpan.FromSeconds(60), WorkerLog));
        }

        return synced;
    }
}
