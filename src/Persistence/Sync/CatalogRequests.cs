using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Persistence.Sync;

/// <summary>Records a tenant's catalog the first time something needs it (a dataset lives in its catalog).</summary>
public static class CatalogRequests
{
    /// <summary>
    /// Inside the caller's transaction: saves the tenant's catalog row and its sync message when the tenant has none, so
    /// the first dataset commits together with the catalog it needs. Two first uploads at once meet on the unique
    /// tenant index; EF rolls the loser back to its savepoint and the loser simply goes on without adding a catalog.
    /// </summary>
    public static async Task EnsureCatalogRequestedAsync(
        this AppDbContext db, Guid tenantId, McpOptions mcp, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Call inside the transaction that saves the resource needing the catalog.");
        }

        if (await db.TenantCatalogs.AnyAsync(c => c.TenantId == tenantId, cancellationToken))
        {
            return;
        }

        var catalog = TenantCatalog.NewFor(tenantId, clock.GetUtcNow());
        db.TenantCatalogs.Add(catalog);
        db.RequestSync(catalog, clock, mcp.SyncDeadline);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException raced) when (raced.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            foreach (var added in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
            {
                added.State = EntityState.Detached;
            }
        }
    }
}
