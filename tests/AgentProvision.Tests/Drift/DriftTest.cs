using AgentProvision.Persistence.Entities;
using AgentProvision.Tests.Observability;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Drift;

/// <summary>
/// Base of the drift tests: the fixture's worker has the drift check off, so each test starts a worker of its own with it
/// on (the next test's start kills it), and reads what the check did from the rows, the worker's log, its <c>/metrics</c>
/// and the emulator's per-tenant call counts.
/// </summary>
public abstract class DriftTest(SystemFixture system) : SystemTest(system)
{
    protected const string DriftDetected = "DRIFT_DETECTED";

    protected OutOfBand Databricks { get; } = new(system);

    public override Task DisposeAsync()
    {
        Databricks.Dispose();
        Fixture.BrokerProxy.Enable();
        return base.DisposeAsync();
    }

    /// <summary>A worker with the drift check on; by default it looks every second, as fast as the connector allows.</summary>
    protected Task<WorkerProcess> StartDriftWorkerAsync(string interval = "00:00:01", int pageSize = 1000) =>
        Fixture.StartWorkerAsync(new Dictionary<string, string>
        {
            ["Drift:Enabled"] = "true",
            ["Drift:Interval"] = interval,
            ["Drift:PollInterval"] = "00:00:00.200",
            ["Drift:ListingsPerSecond"] = "50",
            ["Drift:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>
    /// The whole story of one drift: with the broker cut (so the re-sync waits and the row can be seen mid-way), tamper with
    /// Databricks, see the row pending with DRIFT_DETECTED, one log line and the counter; then bring the broker back and see
    /// the row synced again with its error cleared.
    /// </summary>
    protected async Task<T> DriftIsSeenThenRepairedAsync<T>(Guid id, string kind, string drift, Func<Task> tamper)
        where T : SyncedResource
    {
        var worker = await StartDriftWorkerAsync();
        Fixture.BrokerProxy.Disable();
        await tamper();

        var drifted = await WaitForAsync<T>(id, row => row.LastErrorCode == DriftDetected, "to show the drift");
        Assert.Equal(SyncStatus.Pending, drifted.SyncStatus);
        Assert.Equal(drifted.Generation - 1, drifted.SyncedGeneration);
        Assert.Contains($"{kind} {drift} in Databricks out of band", drifted.LastErrorMessage);
        // The line is written right after the row, and read from the worker's stdout a moment later.
        var logLine = $"Drift detected: {kind} {id} of tenant";
        await WaitForLogAsync(worker, logLine);
        Assert.Equal(1, worker.CountLines(logLine));
        Assert.True(await DriftCounterAsync(worker, kind, drift) >= 1, "agentprovision_drift_detected_total did not count it");

        Fixture.BrokerProxy.Enable();
        var repaired = await WaitForAsync<T>(id,
            row => row.SyncStatus == SyncStatus.Synced && row.SyncedGeneration == row.Generation, "to be synced again", TimeSpan.FromSeconds(60));
        Assert.Null(repaired.LastErrorCode);
        Assert.Equal(drifted.Generation, repaired.Generation);

        // The repaired object is what we wrote: the next check of the tenant finds nothing (no false drift, no re-sync loop).
        // "Next" is claimed after this test saw the row synced (synced_at is stamped a moment before the row commits).
        var seenSynced = DateTimeOffset.UtcNow;
        var next = await WaitForCheckAsync(repaired.TenantId, kind, after: seenSynced);
        var now = await WaitForAsync<T>(id, _ => true, "to be read");
        Assert.True(next.LastOutcome?.EndsWith(" 0 drifted", StringComparison.Ordinal),
            $"next check: {next.LastOutcome}, claimed {next.ClaimedAt:O}, checked {next.CheckedAt:O}; seen synced at {seenSynced:O}; " +
            $"row now {now.SyncStatus} {now.Generation}/{now.SyncedGeneration} {now.Metadata}\n{WorkerLog()}");
        return repaired;
    }

    protected async Task<T> WaitForAsync<T>(Guid id, Func<T, bool> until, string what, TimeSpan? timeout = null) where T : SyncedResource
    {
        var deadline = DateTime.UtcNow + (timeout ?? SyncTimeout);
        T? row;
        do
        {
            await using var db = Fixture.NewDbContext();
            row = await db.Set<T>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
            if (row is not null && until(row))
            {
                return row;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{typeof(T).Name} {id} did not come {what}: status {row?.SyncStatus}, generation {row?.Generation}, " +
            $"synced {row?.SyncedGeneration}, error {row?.LastErrorCode} {row?.LastErrorMessage}\n{WorkerLog()}");
        return row!;
    }

    protected async Task WaitForLogAsync(WorkerProcess worker, string fragment)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (worker.CountLines(fragment) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the worker never logged '{fragment}'\n{worker.RecentOutput}");
            await Task.Delay(100);
        }
    }

    /// <summary>The tenant's check of one kind once it has completed (one claimed after <paramref name="after"/>, when given): what it found, in words.</summary>
    protected async Task<DriftCheck> WaitForCheckAsync(Guid tenantId, string kind, DateTimeOffset? after = null)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            await using var db = Fixture.NewDbContext();
            var check = await db.DriftChecks.AsNoTracking().SingleOrDefaultAsync(c => c.TenantId == tenantId && c.Kind == kind);
            if (check?.CheckedAt is { } checkedAt && (after is null || (check.ClaimedAt > after && checkedAt > after)))
            {
                return check;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the drift check of tenant {tenantId} {kind} never completed\n{WorkerLog()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The worker's <c>agentprovision_drift_detected_total</c> for the kind and drift, once the exporter shows it.</summary>
    protected static async Task<double> DriftCounterAsync(WorkerProcess worker, string kind, string drift)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var samples = await PrometheusText.ScrapeAsync(http, worker.Url);
            var value = samples
                .Where(s => s.Name == "agentprovision_drift_detected_total"
                    && s.Labels.GetValueOrDefault("kind") == kind && s.Labels.GetValueOrDefault("drift") == drift)
                .Sum(s => s.Value);
            if (value > 0 || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }
}
