using AgentProvision.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AgentProvision.Persistence.Resilience;

/// <summary>
/// One row a <c>SaveChanges</c> inserts, by its client-generated primary key: if it exists after the save failed, the
/// transaction committed and only its answer was lost. An outbox row is preferred (every change that syncs writes one,
/// with a fresh id); otherwise any inserted row with a single-column key. A save that inserts nothing has no probe: EF
/// repeats it, and an update whose commit was in fact applied then meets its own concurrency check (409).
/// </summary>
internal sealed class CommitProbe
{
    private readonly string sql;
    private readonly object key;

    private CommitProbe(string sql, object key)
    {
        this.sql = sql;
        this.key = key;
    }

    public static CommitProbe? For(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        var entry = added.FirstOrDefault(e => e.Entity is OutboxMessage) ?? added.FirstOrDefault();
        if (entry?.Metadata.FindPrimaryKey() is not { Properties: [var keyProperty] }
            || entry.Metadata.GetTableName() is not { } table
            || entry.Property(keyProperty.Name).CurrentValue is not { } key)
        {
            return null;
        }

        var column = keyProperty.GetColumnName(StoreObjectIdentifier.Table(table, entry.Metadata.GetSchema()));
        // Names from our own EF model, never from input; the key is a parameter.
        return new CommitProbe($"SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE \"{column}\" = {{0}}) AS \"Value\"", key);
    }

    public async Task<bool> CommittedAsync(DbContext db, CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<bool>(sql, key).SingleAsync(cancellationToken);
}
