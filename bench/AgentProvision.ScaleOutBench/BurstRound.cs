using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.ScaleOutBench;

/// <summary>
/// One measured burst: N notebooks of a new tenant committed in one transaction exactly as the API writes each
/// (row + outbox message), one NOTIFY, then the time until the last of them is synced.
/// </summary>
internal static class BurstRound
{
    // Far beyond any round: the reconciler must not re-send anything while we measure.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(30);

    public sealed record Outcome(int Count, TimeSpan Elapsed)
    {
        public double SyncsPerSecond => Count / Elapsed.TotalSeconds;
    }

    public static async Task<Outcome> RunAsync(Func<AppDbContext> newDb, int count, TimeSpan timeout)
    {
        var tenantId = Guid.CreateVersion7();
        DateTimeOffset committedAt;
        await using (var db = newDb())
        {
            db.Tenants.Add(new Tenant { Id = tenantId, Name = $"scalebench-{tenantId:N}"[..30], CreatedAt = DateTimeOffset.UtcNow });
            for (var i = 0; i < count; i++)
            {
                var now = DateTimeOffset.UtcNow;
                var notebook = new Notebook
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = tenantId,
                    Name = $"scale {i}",
                    Language = "PYTHON",
                    Content = $"print({i})",
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Notebooks.Add(notebook);
                db.RequestSync(notebook, TimeProvider.System, Deadline);
            }

            await db.SaveChangesAsync();
            committedAt = DateTimeOffset.UtcNow;
            await db.Database.ExecuteSqlRawAsync($"NOTIFY {OutboxNotification.Channel}");
        }

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using var db = newDb();
            var synced = await db.Notebooks.CountAsync(n => n.TenantId == tenantId && n.SyncStatus == SyncStatus.Synced);
            if (synced == count)
            {
                // The workers' own timestamps: the last synced_at, not when this poll happened to look.
                var last = await db.Notebooks.Where(n => n.TenantId == tenantId).MaxAsync(n => n.SyncedAt);
                return new Outcome(count, last!.Value - committedAt);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"only {synced} of {count} notebooks synced within {timeout}");
            }

            await Task.Delay(100);
        }
    }
}
