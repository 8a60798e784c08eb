using AgentProvision.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Faults;

public sealed class WorkerCrashTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Worker_killed_after_the_remote_create_and_restarted_syncs_without_a_duplicate()
    {
        var tenant = await NewTenantAsync();
        // The first import creates the notebook but answers 503; every later call hangs, so the worker is
        // mid-sync (message unacknowledged, ids not written back) when it is killed.
        await Fixture.Emulator.SetFaultsAsync(
            new FaultRuleDto("notebooks.create", "after_state_change", Status: 503, Times: 1),
            new FaultRuleDto("notebooks.create", "hang"));
        var created = await tenant.CreateNotebookAsync();
        var path = EmulatorAdmin.NotebookPath(tenant.TenantId, created.Id);

        var deadline = DateTime.UtcNow + SyncTimeout;
        while (!(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, path)).Any(o => o.Kind == "notebook" && o.Exists))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the notebook never reached the connector\n{WorkerLog()}");
            await Task.Delay(20);
        }

        Assert.Equal("syncing", (await tenant.GetNotebookAsync(created.Id)).Sync.Status);
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        await Fixture.Emulator.ClearFaultsAsync();
        await Fixture.StartWorkerAsync();

        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, path);
        Assert.Equal(1, remote.CreatedCount);
        Assert.Equal(remote.ObjectId, synced.Sync.ObjectId);
    }

    [Fact]
    public async Task Two_workers_side_by_side_dispatch_every_outbox_row_and_create_each_notebook_once()
    {
        await Fixture.StartWorkerAsync();
        var tenant = await NewTenantAsync();
        var notebooks = new List<NotebookDto>();
        for (var i = 0; i < 60; i++)
        {
            notebooks.Add(await tenant.CreateNotebookAsync($"shared {i}"));
        }

        foreach (var notebook in notebooks)
        {
            await tenant.WaitUntilSyncedAsync(notebook, SyncTimeout, WorkerLog);
        }

        var remote = (await Fixture.Emulator.ObjectsAsync(tenant.TenantId)).Where(o => o.Kind == "notebook").ToList();
        Assert.Equal(60, remote.Count);
        Assert.All(remote, o => Assert.Equal(1, o.CreatedCount));

        // At least one row per notebook: on a loaded machine a sync can outlast the 10 s deadline, and the reconciler's
        // re-send is one more row, not a fault. Such a row can be written just as the last notebook syncs, so every row
        // must be dispatched soon after, not at this very instant.
        var ids = notebooks.Select(n => n.Id).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        List<OutboxMessage> rows;
        while (true)
        {
            await using var db = Fixture.NewDbContext();
            rows = await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.ResourceId)).ToListAsync();
            if (rows.All(row => row.DispatchedAt is not null) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(60, rows.Select(row => row.ResourceId).Distinct().Count());
        Assert.All(rows, row => Assert.NotNull(row.DispatchedAt));
    }
}
