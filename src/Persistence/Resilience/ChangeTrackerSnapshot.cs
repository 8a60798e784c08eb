using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AgentProvision.Persistence.Resilience;

/// <summary>
/// What the change tracker held before an attempt of a transaction, so a retry starts from the same place: a
/// <c>SaveChanges</c> inside the failed attempt accepted its changes (they look saved, though the transaction rolled
/// back), and the attempt may have staged rows (outbox messages, a catalog) that the retry stages again.
/// </summary>
internal sealed class ChangeTrackerSnapshot
{
    private readonly List<(EntityEntry Entry, EntityState State, PropertyValues Original, PropertyValues Current)> entries;

    private ChangeTrackerSnapshot(List<(EntityEntry, EntityState, PropertyValues, PropertyValues)> entries)
    {
        this.entries = entries;
    }

    public static ChangeTrackerSnapshot Take(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        return new ChangeTrackerSnapshot(db.ChangeTracker.Entries()
            .Select(e => (e, e.State, e.OriginalValues.Clone(), e.CurrentValues.Clone()))
            .ToList());
    }

    /// <summary>Forgets what the failed attempt added and puts every earlier entry back as it was.</summary>
    public void Restore(DbContext db)
    {
        var known = entries.Select(e => e.Entry.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var entry in db.ChangeTracker.Entries().Where(e => !known.Contains(e.Entity)).ToList())
        {
            entry.State = EntityState.Detached;
        }

        foreach (var (entry, state, original, current) in entries)
        {
            entry.State = state;
            entry.OriginalValues.SetValues(original);
            entry.CurrentValues.SetValues(current);
        }
    }
}
