using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AgentProvision.Tests.ScaleOut;

/// <summary>
/// Scale-out (issue 10): three workers on one PostgreSQL and one RabbitMQ share a burst, and one of them is SIGKILLed
/// half-way. Checks outcomes only (the database, the emulator's objects, the claim lines), so it holds whatever the
/// sync core does inside a worker.
/// </summary>
public sealed class ThreeWorkerBurstTests(SystemFixture system, ITestOutputHelper output) : SystemTest(system)
{
    private const int Burst = 2000;
    private const int Killed = 1;

    // The burst's rows are due for the reconcilers after 2 s, so even a fast machine still has most of the burst
    // unsynced when the sweeps start: they have work to share. Each re-send then waits the workers' 10 s deadline.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Three_workers_sync_a_burst_once_each_without_double_claims_when_one_is_killed()
    {
        var logs = Enumerable.Range(0, 3).Select(i => new ClaimLog(i)).ToArray();
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill(); // the fixture's worker does not print its claims; three that do replace it
        }

        var settings = ClaimLog.WorkerSettings();
        settings["Mcp:SyncDeadline"] = "00:00:10";
        var workers = new List<WorkerProcess>();
        foreach (var log in logs)
        {
            workers.Add(await Fixture.StartWorkerAsync(settings, log.Add));
        }

        var tenant = await NewTenantAsync();
        // Each create takes a while, so every worker has syncs in flight when one is killed.
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "latency", LatencyMs: 20));
        var ids = await InsertBurstAsync(tenant.TenantId);
        Array.ForEach(logs, log => log.Mark("burst committed"));

        await WaitForSyncedAsync(ids, Burst / 4, TimeSpan.FromSeconds(120));
        // The kill must come after the worker took part: a fresh worker's first claim takes 1–4 s from claim to commit
        // here (declaring the exchanges beforehand did not shorten it), and a loaded machine syncs a quarter of the
        // burst sooner than that.
        await WaitForCommittedClaimAsync(logs[Killed], TimeSpan.FromSeconds(60));
        workers[Killed].Kill();
        logs[Killed].Mark("killed");
        await WaitForSyncedAsync(ids, Burst, TimeSpan.FromSeconds(240));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the survivors' last claim lines are still on their way through the pipes

        foreach (var log in logs)
        {
            var outbox = log.OutboxClaims();
            output.WriteLine($"worker {log.Worker}{(log.Worker == Killed ? " (killed)" : "")}: dispatcher {outbox.Count} claims, " +
                $"{outbox.Where(c => c.Committed).Sum(c => c.Ids.Length)} rows committed, {outbox.Where(c => !c.Committed).Sum(c => c.Ids.Length)} " +
                $"rows in uncommitted claims; reconciler {log.ReconcilerClaims().Count} claims, {log.ReconcilerClaims().Sum(c => c.Ids.Length)} resources re-sent");
            output.WriteLine($"  {log.Timeline}");
        }

        await AssertEveryRowSyncedAndDispatchedAsync(tenant.TenantId, ids);
        await AssertOneRemoteObjectPerNotebookAsync(tenant.TenantId, ids);
        AssertNoOutboxRowClaimedTwice(logs);
        AssertNoResourceHeldByTwoReconcilersAtOnce(logs);
    }

    /// <summary>The burst in one transaction, as the API writes each notebook (row + outbox message), then one NOTIFY.</summary>
    private async Task<HashSet<Guid>> InsertBurstAsync(Guid tenantId)
    {
        await using var db = Fixture.NewDbContext();
        var now = DateTimeOffset.UtcNow;
        var ids = new HashSet<Guid>();
        for (var i = 0; i < Burst; i++)
        {
            var notebook = new Notebook
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Name = $"burst {i}",
                Language = "PYTHON",
                Content = $"print({i})",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Notebooks.Add(notebook);
            db.RequestSync(notebook, TimeProvider.System, Deadline);
            ids.Add(notebook.Id);
        }

        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync($"NOTIFY {OutboxNotification.Channel}");
        return ids;
    }

    private async Task WaitForSyncedAsync(HashSet<Guid> ids, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var synced = 0;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = Fixture.NewDbContext();
            synced = await db.Notebooks.CountAsync(n => ids.Contains(n.Id) && n.SyncStatus == SyncStatus.Synced && n.SyncedGeneration == n.Generation);
            if (synced >= count)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{synced} of {ids.Count} notebooks synced within {timeout}, expected {count}\n{WorkerLog()}");
    }

    private async Task WaitForCommittedClaimAsync(ClaimLog log, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!log.OutboxClaims().Any(c => c.Committed))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"worker {log.Worker}'s dispatcher committed no claim within {timeout}: {log.Timeline}\n{WorkerLog()}");
            await Task.Delay(50);
        }
    }

    private async Task AssertEveryRowSyncedAndDispatchedAsync(Guid tenantId, HashSet<Guid> ids)
    {
        await using var db = Fixture.NewDbContext();
        var rows = await db.Notebooks.AsNoTracking().Where(n => n.TenantId == tenantId).ToListAsync();
        Assert.Equal(Burst, rows.Count);
        Assert.All(rows, row => Assert.True(row.SyncStatus == SyncStatus.Synced && row.SyncedGeneration == 1,
            $"{row.Id}: {row.SyncStatus}, synced generation {row.SyncedGeneration}"));
        var undispatched = await db.OutboxMessages.CountAsync(m => m.TenantId == tenantId && m.DispatchedAt == null);
        Assert.Equal(0, undispatched);
    }

    private async Task AssertOneRemoteObjectPerNotebookAsync(Guid tenantId, HashSet<Guid> ids)
    {
        var remote = (await Fixture.Emulator.ObjectsAsync(tenantId)).Where(o => o.Kind == "notebook").ToList();
        var expected = ids.Select(id => EmulatorAdmin.NotebookPath(tenantId, id)).ToHashSet();
        Assert.Equal(Burst, remote.Count);
        Assert.True(expected.SetEquals(remote.Select(o => o.Name)), "the emulator's notebooks are not exactly the burst's");
        Assert.All(remote, o => Assert.True(o.CreatedCount == 1 && o.Exists, $"{o.Name} created {o.CreatedCount} times"));
    }

    /// <summary>
    /// Each outbox row is published by exactly one claim. Any other claim of it is either the killed worker's claim whose
    /// transaction never committed (its locks died with it, so a survivor claims the row again) or a committed claim that
    /// left the row for a retry. And every dispatcher took part.
    /// </summary>
    private static void AssertNoOutboxRowClaimedTwice(ClaimLog[] logs)
    {
        var claims = logs.SelectMany(log => log.OutboxClaims()).ToList();
        foreach (var log in logs)
        {
            Assert.True(claims.Any(c => c.Worker == log.Worker && c.Committed), $"worker {log.Worker}'s dispatcher committed no claim");
        }

        Assert.All(claims.Where(c => c.Worker != Killed), c => Assert.True(c.Committed, $"worker {c.Worker}'s claim {c.Claim} never committed"));
        foreach (var (id, ofRow) in claims.SelectMany(c => c.Ids.Select(id => (id, claim: c))).GroupBy(p => p.id, p => p.claim)
                     .Select(g => (g.Key, g.ToList())))
        {
            var publishing = ofRow.Where(c => c.Published(id)).ToList();
            Assert.True(publishing.Count <= 1, $"outbox row {id} was published by {publishing.Count} claims: {Describe(publishing)}");
            var others = ofRow.Except(publishing).ToList();
            Assert.True(others.All(c => (c.Worker == Killed && !c.Committed) || c.RetryIds!.Contains(id)),
                $"outbox row {id} was claimed twice: {Describe(ofRow)}");
        }
    }

    /// <summary>Several workers sweep; SKIP LOCKED means two of them never hold one resource at the same time.</summary>
    private static void AssertNoResourceHeldByTwoReconcilersAtOnce(ClaimLog[] logs)
    {
        var claims = logs.SelectMany(log => log.ReconcilerClaims()).ToList();
        Assert.True(claims.Select(c => c.Worker).Distinct().Count() >= 2,
            $"the reconciler sweep was not shared: claims by workers {string.Join(',', claims.Select(c => c.Worker).Distinct())}");
        foreach (var group in claims.SelectMany(c => c.Ids.Select(id => (id, claim: c))).GroupBy(p => p.id, p => p.claim))
        {
            var held = group.OrderBy(c => c.From).ToList();
            for (var i = 1; i < held.Count; i++)
            {
                Assert.True(held[i].From >= held[i - 1].To,
                    $"resource {group.Key} was held by workers {held[i - 1].Worker} ({held[i - 1].From:O}–{held[i - 1].To:O}) " +
                    $"and {held[i].Worker} ({held[i].From:O}–{held[i].To:O}) at once");
            }
        }
    }

    private static string Describe(IEnumerable<OutboxClaim> claims) =>
        string.Join("; ", claims.Select(c => $"worker {c.Worker} claim {c.Claim} ({(c.Committed ? "committed" : "never committed")})"));
}
