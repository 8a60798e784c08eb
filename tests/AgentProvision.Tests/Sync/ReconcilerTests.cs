using AgentProvision.Contracts.Messages;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Sync;

public sealed class ReconcilerTests(SystemFixture system) : SystemTest(system)
{
    [Theory]
    [InlineData(SyncStatus.Pending)]
    [InlineData(SyncStatus.Syncing)]
    public async Task Notebook_whose_message_was_lost_is_re_sent_once_its_deadline_passes_and_syncs(SyncStatus stuckIn)
    {
        var tenant = await NewTenantAsync();
        // A change whose outbox message never made it (or whose worker died mid-sync): the row alone says what is wanted.
        var notebookId = await InsertRowWithoutMessageAsync(tenant.TenantId, stuckIn, DateTimeOffset.UtcNow.AddSeconds(-1));

        var synced = await tenant.WaitForNotebookAsync(notebookId, n => n.Sync.Status == "synced", SyncTimeout, WorkerLog);

        Assert.Equal(1, synced.Sync.SyncedGeneration);
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, EmulatorAdmin.NotebookPath(tenant.TenantId, notebookId));
        Assert.Equal(1, remote.CreatedCount);
        await using var check = Fixture.NewDbContext();
        Assert.True(await check.OutboxMessages.AnyAsync(m => m.ResourceId == notebookId), "the reconciler did not go through the outbox");
    }

    [Fact]
    public async Task Notebook_whose_deadline_has_not_passed_is_left_alone()
    {
        var tenant = await NewTenantAsync();
        var notebookId = await InsertRowWithoutMessageAsync(tenant.TenantId, SyncStatus.Pending, DateTimeOffset.UtcNow.AddHours(1));

        // Several reconcile intervals (200 ms each in the tests) pass with the row not due.
        await Task.Delay(TimeSpan.FromSeconds(1));

        await using var check = Fixture.NewDbContext();
        Assert.False(await check.OutboxMessages.AnyAsync(m => m.ResourceId == notebookId));
        Assert.Equal(SyncStatus.Pending, (await check.Notebooks.SingleAsync(n => n.Id == notebookId)).SyncStatus);
    }

    [Fact]
    public async Task Notebook_past_its_deadline_whose_message_still_waits_in_the_outbox_is_not_re_sent_until_that_message_is_gone()
    {
        var tenant = await NewTenantAsync();
        // The row and its message, committed together as the API does; the message waits behind a backlog (here: in
        // publish backoff, so no dispatcher takes it meanwhile).
        var notebookId = Guid.CreateVersion7();
        Guid waiting;
        await using (var db = Fixture.NewDbContext())
        {
            db.Notebooks.Add(NewRow(tenant.TenantId, notebookId, SyncStatus.Pending, DateTimeOffset.UtcNow.AddSeconds(-1)));
            var row = db.AddOutboxMessage(tenant.TenantId, "notebook", notebookId,
                new ResourceSyncRequested("notebook", tenant.TenantId, notebookId, 1), TimeProvider.System);
            row.NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1);
            waiting = row.Id;
            await db.SaveChangesAsync();
        }

        // Several reconcile intervals (200 ms each in the tests) pass with the row due.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using (var check = Fixture.NewDbContext())
        {
            Assert.Equal([waiting], await check.OutboxMessages.Where(m => m.ResourceId == notebookId).Select(m => m.Id).ToListAsync());
        }

        // The message goes (published and lost, say): now the reconciler re-sends, and the notebook syncs.
        await using (var db = Fixture.NewDbContext())
        {
            await db.OutboxMessages.Where(m => m.Id == waiting)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, DateTimeOffset.UtcNow));
        }

        var synced = await tenant.WaitForNotebookAsync(notebookId, n => n.Sync.Status == "synced", SyncTimeout, WorkerLog);
        Assert.Equal(1, synced.Sync.SyncedGeneration);
    }

    private async Task<Guid> InsertRowWithoutMessageAsync(Guid tenantId, SyncStatus status, DateTimeOffset nextAttemptAt)
    {
        var notebookId = Guid.CreateVersion7();
        await using var db = Fixture.NewDbContext();
        db.Notebooks.Add(NewRow(tenantId, notebookId, status, nextAttemptAt));
        await db.SaveChangesAsync();
        return notebookId;
    }

    private static Notebook NewRow(Guid tenantId, Guid notebookId, SyncStatus status, DateTimeOffset nextAttemptAt) => new()
    {
        Id = notebookId,
        TenantId = tenantId,
        Name = "written without a message",
        Language = "PYTHON",
        Content = "print('found again')",
        SyncStatus = status,
        NextAttemptAt = nextAttemptAt,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}
