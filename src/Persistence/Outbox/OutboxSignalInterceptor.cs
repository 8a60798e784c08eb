using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AgentProvision.Persistence.Outbox;

/// <summary>
/// Raises <see cref="IOutboxSignal"/> once the rows staged by <see cref="OutboxWriter.AddOutboxMessage{TMessage}"/>
/// are committed: after <c>SaveChanges</c> when it ran its own transaction, after the commit of an explicit one.
/// Never before the commit, so a woken dispatcher always finds the rows.
/// </summary>
public sealed class OutboxSignalInterceptor(IOutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db && db.Database.CurrentTransaction is null)
        {
            SignalIfStaged(db);
        }

        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is AppDbContext db && db.Database.CurrentTransaction is null)
        {
            SignalIfStaged(db);
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext db)
        {
            SignalIfStaged(db);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is AppDbContext db)
        {
            db.OutboxMessagesStaged = false;
        }
    }

    private void SignalIfStaged(AppDbContext db)
    {
        if (db.OutboxMessagesStaged)
        {
            db.OutboxMessagesStaged = false;
            signal.OutboxMessagesCommitted();
        }
    }
}
