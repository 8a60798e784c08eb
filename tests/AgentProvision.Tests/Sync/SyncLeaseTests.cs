using System.Net;
using System.Net.Http.Json;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Tests.Sync;

/// <summary>The per-resource sync lease: one holder at a time, fenced writes, and nothing dropped while it is held.</summary>
public sealed class SyncLeaseTests(SystemFixture system) : SystemTest(system)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_second_worker_cannot_take_a_held_lease_and_the_late_write_of_an_expired_holder_changes_nothing()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var notebook = await SeedPendingNotebookAsync(connectionString);

        await using var firstDb = NewContext(connectionString);
        var first = new ResourceSyncStore<Notebook>(firstDb, dataSource);
        var held = await first.TryLeaseAsync(notebook.TenantId, notebook.Id, Lease, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Equal(1, held.SyncAttempts);
        Assert.Equal(SyncStatus.Syncing, held.SyncStatus);

        await using var secondDb = NewContext(connectionString);
        var second = new ResourceSyncStore<Notebook>(secondDb, dataSource);
        Assert.Null(await second.TryLeaseAsync(notebook.TenantId, notebook.Id, Lease, CancellationToken.None));
        Assert.True(await second.IsLeasedAsync(notebook.Id, CancellationToken.None));
        // Another tenant's id never leases someone else's row.
        Assert.Null(await second.TryLeaseAsync(Guid.NewGuid(), notebook.Id, Lease, CancellationToken.None));

        // The first holder stalls past its lease (as a paused or partitioned worker would); the second takes over.
        await ExpireLeaseAsync(dataSource, notebook.Id);
        var takenOver = await second.TryLeaseAsync(notebook.TenantId, notebook.Id, Lease, CancellationToken.None);
        Assert.NotNull(takenOver);
        Assert.Equal(held.SyncFence + 1, takenOver.SyncFence);

        Assert.Equal(LeaseRelease.Lost, await first.MarkSyncedAsync(held, """{"databricks_path":"/stale"}""", CancellationToken.None));
        Assert.False(await first.RenewAsync(held, Lease, CancellationToken.None));
        Assert.Equal(LeaseRelease.Done, await second.MarkSyncedAsync(takenOver, """{"databricks_path":"/fresh"}""", CancellationToken.None));

        await using var check = NewContext(connectionString);
        var row = await check.Notebooks.AsNoTracking().SingleAsync(n => n.Id == notebook.Id);
        Assert.Equal(SyncStatus.Synced, row.SyncStatus);
        Assert.Equal(1, row.SyncedGeneration);
        Assert.Contains("/fresh", row.Metadata, StringComparison.Ordinal);
        Assert.Null(row.SyncLeaseUntil);
        // In sync now: nothing to lease.
        Assert.Null(await first.TryLeaseAsync(notebook.TenantId, notebook.Id, Lease, CancellationToken.None));
    }

    [Fact]
    public async Task What_a_holder_created_is_recorded_even_when_the_user_changed_the_resource_meanwhile()
    {
        var connectionString = await Fixture.CreateScratchDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var notebook = await SeedPendingNotebookAsync(connectionString);
        await using var db = NewContext(connectionString);
        var store = new ResourceSyncStore<Notebook>(db, dataSource);
        var held = (await store.TryLeaseAsync(notebook.TenantId, notebook.Id, Lease, CancellationToken.None))!;

        // The user saves generation 2 while generation 1 is being created.
        await using (var api = NewContext(connectionString))
        {
            await api.Notebooks.Where(n => n.Id == notebook.Id).ExecuteUpdateAsync(set => set
                .SetProperty(n => n.Generation, 2)
                .SetProperty(n => n.SyncStatus, SyncStatus.Pending));
        }

        Assert.Equal(LeaseRelease.MovedOn, await store.MarkSyncedAsync(held, """{"databricks_path":"/created"}""", CancellationToken.None));
        var row = await db.Notebooks.AsNoTracking().SingleAsync(n => n.Id == notebook.Id);
        Assert.Equal(SyncStatus.Pending, row.SyncStatus);
        Assert.Equal(1, row.SyncedGeneration);
        Assert.Contains("/created", row.Metadata, StringComparison.Ordinal);
        // The next lease is for generation 2, and it updates the copy at that path instead of creating another.
        var next = await store.TryLeaseAsync(notebook.TenantId, notebook.Id, Lease, CancellationToken.None);
        Assert.Equal(2, next!.Generation);
    }

    [Fact]
    public async Task A_change_saved_while_another_sync_holds_the_notebook_is_synced_by_that_sync_without_waiting_for_the_reconciler()
    {
        var tenant = await NewTenantAsync();
        var createsBefore = await Fixture.Emulator.CallsAsync("notebooks.create");
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "latency", LatencyMs: 1500, Times: 1));
        var created = await tenant.CreateNotebookAsync(content: "version 1");
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (await Fixture.Emulator.CallsAsync("notebooks.create") == createsBefore)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the create never reached the connector\n{WorkerLog()}");
            await Task.Delay(10);
        }

        using var update = await tenant.Http.PutAsJsonAsync($"/api/v1/notebooks/{created.Id}", new { content = "version 2" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog, generation: 2);

        Assert.Equal("version 2", await Fixture.Emulator.NotebookContentAsync(tenant.TenantId, synced.Sync.NotebookPath!));
        // The update's message met the held lease and was acknowledged; the holder synced generation 2 when it let go.
        // Only the API's two outbox rows exist: the reconciler (10 s deadline here) never had to re-send.
        await using var db = Fixture.NewDbContext();
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.ResourceId == created.Id));
        Assert.Contains("changed while generation 1 was syncing", WorkerLog(), StringComparison.Ordinal);
    }

    private static async Task<Notebook> SeedPendingNotebookAsync(string connectionString)
    {
        await using var db = NewContext(connectionString);
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant { Id = Guid.NewGuid(), Name = "lease", CreatedAt = now };
        var notebook = new Notebook
        {
            Id = Guid.CreateVersion7(), TenantId = tenant.Id, Name = "leased", Language = "PYTHON", Content = "print(1)",
            CreatedAt = now, UpdatedAt = now, NextAttemptAt = now.AddMinutes(1),
        };
        db.Add(tenant);
        db.Add(notebook);
        await db.SaveChangesAsync();
        return notebook;
    }

    private static async Task ExpireLeaseAsync(NpgsqlDataSource dataSource, Guid id)
    {
        await using var command = dataSource.CreateCommand("UPDATE notebooks SET sync_lease_until = now() - interval '1 second' WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static AppDbContext NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options);
}
