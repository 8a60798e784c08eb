using AgentProvision.Connector;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// The periodic drift check (DESIGN.md §3, issue 9): every <c>Drift:PollInterval</c> it claims the due checks (a tenant
/// and a kind each, one worker per check per <c>Drift:Interval</c>), lets the kind's <see cref="IDriftInspector"/> compare
/// the tenant's synced rows with one listing of Databricks, and hands each drifted resource to <see cref="DriftMarker"/>,
/// which puts it back on the normal sync path. Each drift is logged, counted (<c>agentprovision_drift_detected_total</c>)
/// and shown in the row's sync state. A kind whose listing the connector lacks is not checked (said once) and probed
/// again one interval later.
/// </summary>
public sealed class DriftCheckService(
    IServiceScopeFactory scopes,
    DriftClaims claims,
    DriftMetrics metrics,
    TimeProvider clock,
    IOptions<DriftOptions> options,
    IOptions<McpOptions> mcp,
    ILogger<DriftCheckService> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> unsupportedUntil = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("The drift check is off (Drift:Enabled is false)");
            return;
        }

        var kinds = KindTables();
        var nextAddMissing = DateTimeOffset.MinValue;
        var firstRound = true;
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                if (clock.GetUtcNow() >= nextAddMissing)
                {
                    foreach (var (kind, table) in kinds)
                    {
                        await claims.AddMissingAsync(kind, table, stoppingToken);
                    }

                    nextAddMissing = clock.GetUtcNow() + options.Value.Interval;
                }

                var checkedNow = await CheckDueAsync(kinds.Keys, stoppingToken);
                if (firstRound)
                {
                    firstRound = false;
                    logger.LogInformation("Drift check on: each tenant's {Kinds} compared with Databricks every {Interval}; first round ran {Checks} checks",
                        string.Join(", ", kinds.Keys), options.Value.Interval, checkedNow);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Drift check round failed; the next one is in {PollInterval}", options.Value.PollInterval);
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken));
    }

    /// <summary>Claims and runs due checks until none is left; answers how many ran.</summary>
    private async Task<int> CheckDueAsync(IEnumerable<string> allKinds, CancellationToken stoppingToken)
    {
        var ran = 0;
        List<(Guid TenantId, string Kind)> claimed;
        do
        {
            var now = clock.GetUtcNow();
            var kinds = allKinds.Where(kind => unsupportedUntil.GetValueOrDefault(kind) <= now).ToList();
            if (kinds.Count == 0)
            {
                return ran;
            }

            claimed = await claims.ClaimDueAsync(kinds, stoppingToken);
            foreach (var (tenantId, kind) in claimed)
            {
                await CheckAsync(tenantId, kind, stoppingToken);
                ran++;
            }
        }
        while (claimed.Count == options.Value.ClaimBatchSize && !stoppingToken.IsCancellationRequested);

        return ran;
    }

    private async Task CheckAsync(Guid tenantId, string kind, CancellationToken stoppingToken)
    {
        if (mcp.Value.DisabledReasonFor(tenantId) is { } reason)
        {
            await claims.CompleteAsync(tenantId, kind, $"skipped: {reason}", stoppingToken);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var inspector = scope.ServiceProvider.GetServices<IDriftInspector>().Single(i => i.Kind == kind);
        DriftInspection inspection;
        try
        {
            inspection = await inspector.InspectAsync(tenantId, stoppingToken);
        }
        catch (ConnectorException failure)
        {
            logger.LogWarning("Drift check of tenant {TenantId} {Kind} resources could not list them ({ErrorCode}: {Error}); it runs again in {Interval}",
                tenantId, kind, failure.ErrorCode, failure.ConnectorMessage, options.Value.Interval);
            await claims.CompleteAsync(tenantId, kind, $"listing failed: {failure.ErrorCode}", stoppingToken);
            return;
        }

        if (inspection.ListingUnsupported)
        {
            // ConnectorExtensionSupport has said so once, with what it means; look again in one interval.
            unsupportedUntil[kind] = clock.GetUtcNow() + options.Value.Interval;
        }

        var marker = scope.ServiceProvider.GetRequiredService<DriftMarker>();
        foreach (var finding in inspection.Findings)
        {
            if (await inspector.MarkAsync(marker, tenantId, finding, stoppingToken))
            {
                metrics.RecordDetected(kind, finding.Drift);
                logger.LogWarning(
                    "Drift detected: {Kind} {ResourceId} of tenant {TenantId} was {Drift} in Databricks out of band ({Detail}); re-syncing generation {Generation}",
                    kind, finding.ResourceId, tenantId, finding.Drift, finding.Detail, finding.Generation);
            }
            else
            {
                logger.LogInformation("{Kind} {ResourceId} looked {Drift} but changed since the listing; its own sync takes care of it",
                    kind, finding.ResourceId, finding.Drift);
            }
        }

        await claims.CompleteAsync(tenantId, kind, inspection.ToString(), stoppingToken);
        logger.LogDebug("Drift check of tenant {TenantId} {Kind} resources: {Outcome}", tenantId, kind, inspection);
    }

    private Dictionary<string, string> KindTables()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetServices<IDriftInspector>().ToDictionary(i => i.Kind, i => i.Table, StringComparer.Ordinal);
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
