using AgentProvision.Api.Infrastructure;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Databricks;

/// <summary>
/// <c>POST /api/v1/databricks/initialize</c>: records the tenant's catalog (once) and syncs it through the outbox like any
/// resource, then puts the tenant's local-only resources in line (the backfill after the integration was turned on).
/// </summary>
public static class CatalogInitializer
{
    public sealed record Outcome(TenantCatalog Catalog, bool AlreadySynced, IReadOnlyDictionary<string, int> Backfilled);

    public static async Task<Outcome> InitializeAsync(AppDbContext db, Guid tenantId, McpOptions mcp, TimeProvider clock, CancellationToken cancellationToken)
    {
        var catalog = await RecordCatalogAsync(db, tenantId, mcp, clock, cancellationToken);
        var alreadySynced = catalog.SyncStatus == SyncStatus.Synced && catalog.SyncedGeneration >= catalog.Generation;
        var backfilled = new Dictionary<string, int>
        {
            ["datasets"] = await BackfillAsync(db.Datasets, tenantId, clock, cancellationToken),
            ["notebooks"] = await BackfillAsync(db.Notebooks, tenantId, clock, cancellationToken),
            ["pipelines"] = await BackfillAsync(db.DataPipelines, tenantId, clock, cancellationToken),
        };
        return new Outcome(catalog, alreadySynced, backfilled);
    }

    /// <summary>
    /// The catalog row, created with its outbox message on the first call. Later calls return the same catalog; one that
    /// failed goes back in line with a fresh attempt budget (as a retry does for any kind).
    /// </summary>
    private static async Task<TenantCatalog> RecordCatalogAsync(
        AppDbContext db, Guid tenantId, McpOptions mcp, TimeProvider clock, CancellationToken cancellationToken)
    {
        var existing = await db.TenantCatalogs.SingleOrDefaultAsync(c => c.TenantId == tenantId, cancellationToken);
        if (existing is not null)
        {
            if (existing.SyncStatus == SyncStatus.Failed)
            {
                db.RequestSync(existing, clock, mcp.SyncDeadline);
                await db.SaveChangesAsync(cancellationToken);
            }

            return existing;
        }

        var catalog = TenantCatalog.NewFor(tenantId, clock.GetUtcNow());
        db.TenantCatalogs.Add(catalog);
        db.RequestSync(catalog, clock, mcp.SyncDeadline);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return catalog;
        }
        catch (DbUpdateException raced) when (raced.IsUniqueViolation())
        {
            // A concurrent initialize recorded it first: answer that one (its outbox row is already committed).
            db.ChangeTracker.Clear();
            return await db.TenantCatalogs.AsNoTracking().SingleAsync(c => c.TenantId == tenantId, cancellationToken);
        }
    }

    /// <summary>
    /// Local-only resources become pending with their retry due now; the reconciler's sweep sends them through the
    /// outbox in bounded batches, so a tenant with many resources never makes one huge transaction here.
    /// </summary>
    private static Task<int> BackfillAsync<T>(DbSet<T> resources, Guid tenantId, TimeProvider clock, CancellationToken cancellationToken)
        where T : SyncedResource
    {
        var now = clock.GetUtcNow();
        return resources
            .Where(r => r.TenantId == tenantId && r.SyncStatus == SyncStatus.LocalOnly && r.DeletedAt == null && r.SyncedGeneration < r.Generation)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.SyncStatus, SyncStatus.Pending)
                .SetProperty(r => r.SyncAttempts, 0)
                .SetProperty(r => r.NextAttemptAt, now), cancellationToken);
    }
}
