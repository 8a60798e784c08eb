using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Persistence;

/// <summary>
/// A tenant's resource by id, found through the primary key alone and then checked for the tenant; another tenant's
/// resource is simply not found.
/// </summary>
/// <remarks>
/// Why not <c>Id == id &amp;&amp; TenantId == tenantId</c> in SQL: for a tenant newer than the table's statistics,
/// the planner estimates the tenant at one row and may choose a (tenant_id, …) index over the primary key, reading
/// every row of the tenant for one lookup (3,000 rows for a tenant's fresh import, measured with EXPLAIN). The check
/// moves to the client, where no plan can make it expensive; the answer is the same.
/// </remarks>
public static class TenantLookups
{
    /// <summary>The tenant's resource, not deleted; tracked, for the caller to change.</summary>
    public static async Task<T?> FindLiveAsync<T>(this DbSet<T> set, Guid tenantId, Guid id, CancellationToken cancellationToken)
        where T : SyncedResource
    {
        var resource = await set.SingleOrDefaultAsync(r => r.Id == id && r.DeletedAt == null, cancellationToken);
        if (resource is null || resource.TenantId == tenantId)
        {
            return resource;
        }

        set.Entry(resource).State = EntityState.Detached;
        return null;
    }

    /// <summary>The tenant's resource, deleted or not, untracked.</summary>
    public static async Task<T?> FindReadOnlyAsync<T>(this IQueryable<T> set, Guid tenantId, Guid id, bool liveOnly, CancellationToken cancellationToken)
        where T : SyncedResource
    {
        var resource = await set.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == id && (!liveOnly || r.DeletedAt == null), cancellationToken);
        return resource?.TenantId == tenantId ? resource : null;
    }
}
