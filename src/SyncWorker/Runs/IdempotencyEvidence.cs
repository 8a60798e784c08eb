using AgentProvision.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// Whether the connector honours the <c>idempotency_token</c> of run submits (an extension): only then may a submit whose
/// answer was lost be sent again, since the server answers the run the token already started instead of starting another.
/// The evidence is the latest submit answer seen: this process's own, or else the newest one recorded in the database
/// (<see cref="RunMetadata.TokenHonoured"/> in a run's metadata). No evidence at all counts as "not honoured".
/// </summary>
public sealed class IdempotencyEvidence
{
    private const string LatestRecordedSql = """
        SELECT (metadata_ ->> 'idempotency_token_honoured')::boolean AS "Value"
        FROM runs
        WHERE metadata_ ? 'idempotency_token_honoured'
        ORDER BY created_at DESC
        LIMIT 1
        """;

    /// <summary>The latest answer this process knows of (a boxed bool), or null before the first.</summary>
    private object? latest;

    /// <summary>A submit answered: <paramref name="honoured"/> is whether it echoed the token sent.</summary>
    public void Observe(bool honoured) => Volatile.Write(ref latest, honoured);

    public async Task<bool> IsHonouredAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref latest) is bool seen)
        {
            return seen;
        }

        // Rare: a retry after a lost answer, in a process that has not submitted anything yet (just restarted, say).
        var recorded = await db.Database.SqlQueryRaw<bool?>(LatestRecordedSql).FirstOrDefaultAsync(cancellationToken);
        if (recorded is { } known)
        {
            Interlocked.CompareExchange(ref latest, known, null);
        }

        return recorded == true;
    }
}
