using AgentProvision.Persistence.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AgentProvision.Persistence;

public sealed partial class AppDbContext
{
    /// <summary>
    /// With the retrying execution strategy (<see cref="PostgresRestartStrategy"/>) EF repeats a failed save. When the
    /// failure hit the commit's answer, the save may have been applied: before repeating, look for one row it inserted
    /// (<see cref="CommitProbe"/>), so a create is never answered with its own primary-key conflict and nothing is
    /// applied twice. Inside an explicit transaction the caller's <see cref="RetryableTransactions"/> does this instead.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var strategy = Database.CreateExecutionStrategy();
        if (Database.CurrentTransaction is not null || !strategy.RetriesOnFailure)
        {
            return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        return SaveVerifyingCommitAsync(strategy, acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The most new rows <see cref="SaveInOneRoundTripAsync"/> sends without a transaction of EF's own.</summary>
    public const int OneRoundTripLimit = 4;

    /// <summary>
    /// Saves a few new rows (a resource and its outbox row) in one round trip. PostgreSQL runs the statements of one
    /// batch, sent together and closed by a single Sync, as one implicit transaction: all of them or none. EF sends a
    /// few inserts as one batch, so its own BEGIN and COMMIT only add a second round trip to every request.
    /// Everything else goes through <see cref="SaveChangesAsync(bool, CancellationToken)"/> as usual: larger change
    /// sets (EF may split them into several batches), saves inside the caller's transaction, and any update or delete,
    /// whose concurrency check EF makes after the batch ran, too late to take back the rest of it without a transaction.
    /// </summary>
    public async Task<int> SaveInOneRoundTripAsync(CancellationToken cancellationToken)
    {
        var changes = ChangeTracker.Entries().Where(entry => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (Database.CurrentTransaction is not null || changes.Count > OneRoundTripLimit || changes.Any(entry => entry.State != EntityState.Added))
        {
            return await SaveChangesAsync(cancellationToken);
        }

        var before = Database.AutoTransactionBehavior;
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            return await SaveChangesAsync(cancellationToken);
        }
        finally
        {
            Database.AutoTransactionBehavior = before;
        }
    }

    private async Task<int> SaveVerifyingCommitAsync(IExecutionStrategy strategy, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var probe = CommitProbe.For(this);
        var saved = await strategy.ExecuteAsync(
            probe,
            (_, _, token) => base.SaveChangesAsync(acceptAllChangesOnSuccess: false, token),
            probe is null
                ? null
                : async (_, state, token) => await state!.CommittedAsync(this, token)
                    ? new ExecutionResult<int>(true, 0)
                    : new ExecutionResult<int>(false, 0),
            cancellationToken);
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }

        return saved;
    }
}
