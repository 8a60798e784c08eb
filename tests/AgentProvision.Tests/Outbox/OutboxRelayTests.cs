using AgentProvision.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Outbox;

public sealed class OutboxRelayTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Unsendable_outbox_row_backs_off_with_its_reason_and_never_blocks_the_rows_behind_it()
    {
        var poisonId = Guid.CreateVersion7();
        await using (var db = Fixture.NewDbContext())
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = poisonId,
                TenantId = Guid.NewGuid(),
                ResourceType = "notebook",
                ResourceId = Guid.NewGuid(),
                MessageType = "notebook.from-the-future",
                Payload = "{}",
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            });
            await db.SaveChangesAsync();
        }

        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        await using var check = Fixture.NewDbContext();
        var poison = await check.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == poisonId);
        Assert.Null(poison.DispatchedAt);
        Assert.Contains("notebook.from-the-future", poison.LastError, StringComparison.Ordinal);
        // Backing off, not spinning: a retry time is set, and the attempts stay few (a hot loop would make hundreds).
        Assert.NotNull(poison.NextAttemptAt);
        Assert.InRange(poison.Attempts, 1, 20);
    }

    [Fact]
    public async Task Dispatched_rows_are_deleted_once_their_retention_has_passed()
    {
        await Fixture.StartWorkerAsync(new Dictionary<string, string>
        {
            ["SyncWorker:OutboxRetention"] = "00:00:01",
            ["SyncWorker:OutboxCleanupInterval"] = "00:00:00.200",
        });
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            await using var db = Fixture.NewDbContext();
            if (!await db.OutboxMessages.AnyAsync(m => m.ResourceId == created.Id))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the dispatched row was never cleaned up\n{WorkerLog()}");
            await Task.Delay(100);
        }
    }
}
