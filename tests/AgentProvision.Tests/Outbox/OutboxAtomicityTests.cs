using AgentProvision.Contracts.Messages;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Outbox;

public sealed class OutboxAtomicityTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Creating_a_notebook_writes_exactly_one_outbox_message_for_it()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();

        await using var db = Fixture.NewDbContext();
        var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ResourceId == created.Id);
        Assert.Equal(MessageTypes.NameOf(typeof(ResourceSyncRequested)), message.MessageType);
        Assert.Equal(tenant.TenantId, message.TenantId);
        Assert.Contains(created.Id.ToString(), message.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rolled_back_transaction_leaves_neither_the_notebook_nor_its_outbox_message()
    {
        var tenant = await NewTenantAsync();
        var notebookId = Guid.CreateVersion7();
        await using (var db = Fixture.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var notebook = NewNotebook(tenant.TenantId, notebookId);
            db.Notebooks.Add(notebook);
            db.RequestSync(notebook, TimeProvider.System, TimeSpan.FromMinutes(1));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var check = Fixture.NewDbContext();
        Assert.False(await check.Notebooks.AnyAsync(n => n.Id == notebookId));
        Assert.False(await check.OutboxMessages.AnyAsync(m => m.ResourceId == notebookId));
    }

    [Fact]
    public async Task Failed_save_writes_no_outbox_message()
    {
        var notebookId = Guid.CreateVersion7();
        await using (var db = Fixture.NewDbContext())
        {
            // No such tenant: the foreign key refuses the notebook, and the outbox row goes down with it.
            var notebook = NewNotebook(Guid.NewGuid(), notebookId);
            db.Notebooks.Add(notebook);
            db.RequestSync(notebook, TimeProvider.System, TimeSpan.FromMinutes(1));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = Fixture.NewDbContext();
        Assert.False(await check.OutboxMessages.AnyAsync(m => m.ResourceId == notebookId));
    }

    [Fact]
    public async Task Outbox_rows_are_marked_dispatched_once_published()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        await using var db = Fixture.NewDbContext();
        var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ResourceId == created.Id);
        Assert.NotNull(message.DispatchedAt);
        Assert.Equal(1, message.Attempts);
    }

    private static Notebook NewNotebook(Guid tenantId, Guid id) => new()
    {
        Id = id,
        TenantId = tenantId,
        Name = "rolled back",
        Language = "PYTHON",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}
