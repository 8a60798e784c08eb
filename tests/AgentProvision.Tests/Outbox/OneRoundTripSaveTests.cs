using System.Data.Common;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AgentProvision.Tests.Outbox;

/// <summary>
/// The API's creates save the resource and its outbox row in one round trip, without BEGIN and COMMIT: PostgreSQL
/// runs one batch as one implicit transaction. These tests hold it to "both rows or neither", whichever row fails.
/// </summary>
public sealed class OneRoundTripSaveTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task A_resource_and_its_outbox_row_are_saved_together_without_a_transaction_of_efs_own()
    {
        var tenant = await NewTenantAsync();
        var transactions = new TransactionCounter();
        await using var db = NewContext(transactions);
        var notebook = NewNotebook(tenant.TenantId);
        db.Notebooks.Add(notebook);
        db.RequestSync(notebook, TimeProvider.System, TimeSpan.FromMinutes(1));

        await db.SaveInOneRoundTripAsync(CancellationToken.None);

        Assert.Equal(0, transactions.Started);
        await using var check = Fixture.NewDbContext();
        Assert.True(await check.Notebooks.AnyAsync(n => n.Id == notebook.Id));
        Assert.True(await check.OutboxMessages.AnyAsync(m => m.ResourceId == notebook.Id));
    }

    [Fact]
    public async Task A_larger_change_keeps_efs_transaction()
    {
        var tenant = await NewTenantAsync();
        var transactions = new TransactionCounter();
        await using var db = NewContext(transactions);
        foreach (var _ in Enumerable.Range(0, AppDbContext.OneRoundTripLimit))
        {
            var notebook = NewNotebook(tenant.TenantId);
            db.Notebooks.Add(notebook);
            db.RequestSync(notebook, TimeProvider.System, TimeSpan.FromMinutes(1));
        }

        await db.SaveInOneRoundTripAsync(CancellationToken.None);

        Assert.Equal(1, transactions.Started);
    }

    [Fact]
    public async Task An_update_keeps_efs_transaction()
    {
        var tenant = await NewTenantAsync();
        var notebook = NewNotebook(tenant.TenantId);
        await using (var setup = Fixture.NewDbContext())
        {
            setup.Notebooks.Add(notebook);
            await setup.SaveChangesAsync();
        }

        var transactions = new TransactionCounter();
        await using var db = NewContext(transactions);
        var row = await db.Notebooks.SingleAsync(n => n.Id == notebook.Id);
        row.Name = "renamed";
        db.OutboxMessages.Add(NewMessage(tenant.TenantId, row.Id));

        await db.SaveInOneRoundTripAsync(CancellationToken.None);

        Assert.Equal(1, transactions.Started);
    }

    [Theory]
    [InlineData("notebook")]
    [InlineData("outbox row")]
    public async Task When_either_row_fails_neither_is_saved(string failing)
    {
        var tenant = await NewTenantAsync();
        var notebook = NewNotebook(tenant.TenantId);
        var message = NewMessage(tenant.TenantId, notebook.Id);
        // The row that will fail already exists under the same primary key.
        await using (var setup = Fixture.NewDbContext())
        {
            if (failing == "notebook")
            {
                setup.Notebooks.Add(NewNotebook(tenant.TenantId, notebook.Id));
            }
            else
            {
                setup.OutboxMessages.Add(NewMessage(tenant.TenantId, Guid.NewGuid(), message.Id));
            }

            await setup.SaveChangesAsync();
        }

        await using var db = NewContext(new TransactionCounter());
        db.Notebooks.Add(notebook);
        db.OutboxMessages.Add(message);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveInOneRoundTripAsync(CancellationToken.None));

        await using var check = Fixture.NewDbContext();
        if (failing == "notebook")
        {
            Assert.False(await check.OutboxMessages.AnyAsync(m => m.Id == message.Id), "the outbox row was saved without its notebook");
        }
        else
        {
            Assert.False(await check.Notebooks.AnyAsync(n => n.Id == notebook.Id), "the notebook was saved without its outbox row");
        }
    }

    private AppDbContext NewContext(TransactionCounter transactions) => new(new DbContextOptionsBuilder<AppDbContext>()
        .UseNpgsql(Fixture.DatabaseConnectionString).AddInterceptors(transactions).Options);

    private static Notebook NewNotebook(Guid tenantId, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        TenantId = tenantId,
        Name = "one round trip",
        Language = "PYTHON",
        Content = "print(1)",
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        SyncStatus = SyncStatus.LocalOnly,
    };

    private static OutboxMessage NewMessage(Guid tenantId, Guid resourceId, Guid? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        TenantId = tenantId,
        ResourceType = "notebook",
        ResourceId = resourceId,
        MessageType = "test.not-for-the-worker",
        Payload = "{}",
        CreatedAt = DateTimeOffset.UtcNow,
        // Marked published already: no dispatcher picks it up, and retention deletes it in time.
        DispatchedAt = DateTimeOffset.UtcNow,
    };

    private sealed class TransactionCounter : DbTransactionInterceptor
    {
        public int Started { get; private set; }

        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
            CancellationToken cancellationToken = default)
        {
            Started++;
            return base.TransactionStartingAsync(connection, eventData, result, cancellationToken);
        }
    }
}
