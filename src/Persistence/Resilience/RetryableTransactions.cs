using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Persistence.Resilience;

/// <summary>
/// Explicit transactions under the retrying execution strategy (EF refuses a <c>BeginTransaction</c> outside one).
/// The whole attempt — begin, the caller's work, commit — is repeated on a transient failure, from the change
/// tracker's state before the first attempt. When the commit itself failed, PostgreSQL is asked whether that
/// transaction committed after all (<c>pg_xact_status</c>), so work whose answer was lost is never applied twice.
/// </summary>
public static class RetryableTransactions
{
    public static async Task InRetryableTransactionAsync(
        this AppDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await db.InRetryableTransactionAsync(async token =>
        {
            await work(token);
            return true;
        }, cancellationToken);
    }

    public static async Task<T> InRetryableTransactionAsync<T>(
        this AppDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var before = ChangeTrackerSnapshot.Take(db);
        var attempt = new Attempt<T>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            attempt,
            async (_, state, token) =>
            {
                if (state.Started)
                {
                    before.Restore(db);
                }

                state.Started = true;
                state.TransactionId = null;
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                // Assigns the transaction its id now, so a commit whose answer is lost can be looked up.
                state.TransactionId = await db.Database.SqlQueryRaw<string>("SELECT pg_current_xact_id()::text AS \"Value\"")
                    .SingleAsync(token);
                state.Result = await work(token);
                await transaction.CommitAsync(token);
                return state.Result;
            },
            async (_, state, token) => state.TransactionId is { } id && await CommittedAsync(db, id, token)
                ? new Microsoft.EntityFrameworkCore.Storage.ExecutionResult<T>(true, state.Result!)
                : new Microsoft.EntityFrameworkCore.Storage.ExecutionResult<T>(false, default!),
            cancellationToken);
    }

    private static async Task<bool> CommittedAsync(AppDbContext db, string transactionId, CancellationToken cancellationToken)
    {
        var status = await db.Database.SqlQueryRaw<string>(
                "SELECT coalesce(pg_xact_status({0}::xid8), 'unknown') AS \"Value\"", transactionId)
            .SingleAsync(cancellationToken);
        return status == "committed";
    }

    private sealed class Attempt<T>
    {
        public bool Started { get; set; }
        public string? TransactionId { get; set; }
        public T? Result { get; set; }
    }
}
