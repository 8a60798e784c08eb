using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AgentProvision.Connector.RateLimiting;

/// <summary>
/// Token buckets (System.Threading.RateLimiting): one per tenant, chained with one for everything, refilled ten times a
/// second so a budget is spread over the second rather than spent in its first millisecond. The tenant's bucket is
/// asked first, so a call waiting for its own tenant's turn holds none of the shared budget meanwhile.
/// </summary>
public sealed class ConnectorRateLimiter : IAsyncDisposable
{
    /// <summary>The code of a call the client itself held back; the sync is put back for later without spending an attempt.</summary>
    public const string RateLimitedCode = "CLIENT_RATE_LIMITED";

    private const string NoTenant = "-";
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(100);

    private readonly ConnectorRateLimitOptions options;
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly ConnectorMetrics metrics;

    public ConnectorRateLimiter(IOptions<ConnectorRateLimitOptions> options, ConnectorMetrics metrics)
    {
        this.options = options.Value;
        this.metrics = metrics;
        // Calls made for no tenant in particular (a run's status, health) have only the overall budget.
        var perTenant = PartitionedRateLimiter.Create<string, string>(tenant => tenant == NoTenant
            ? RateLimitPartition.GetNoLimiter(tenant)
            : RateLimitPartition.GetTokenBucketLimiter(tenant, _ => Bucket(this.options.PerTenantPerSecond, this.options.EffectivePerTenantQueueLimit)));
        var global = PartitionedRateLimiter.Create<string, string>(_ =>
            RateLimitPartition.GetTokenBucketLimiter(NoTenant, _ => Bucket(this.options.GlobalPerSecond, this.options.GlobalQueueLimit)));
        limiter = PartitionedRateLimiter.CreateChained(perTenant, global);
    }

    /// <summary>Waits for a permit for the current tenant's call; throws a transient 429 <see cref="ConnectorException"/> when none comes in time.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string operation, CancellationToken cancellationToken)
    {
        var tenant = ConnectorTenant.Id ?? NoTenant;
        // Within budget (the common case): no wait, no timer.
        var immediate = limiter.AttemptAcquire(tenant);
        if (immediate.IsAcquired)
        {
            return immediate;
        }

        immediate.Dispose();
        if (options.MaxWait <= TimeSpan.Zero)
        {
            throw Throttled(operation, tenant, "over budget and MaxWait is 0");
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(options.MaxWait);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(tenant, 1, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Throttled(operation, tenant, $"no permit within {options.MaxWait.TotalSeconds:F1} s");
        }

        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw Throttled(operation, tenant, "too many calls are already waiting");
        }

        return lease;
    }

    private ConnectorException Throttled(string operation, string tenant, string why)
    {
        metrics.RecordThrottled(operation);
        return new ConnectorException(HttpStatusCode.TooManyRequests, RateLimitedCode,
            $"Held back by the worker's own connector rate limit ({why}; tenant {tenant}: {options.PerTenantPerSecond}/s, " +
            $"all tenants: {options.GlobalPerSecond}/s, section {ConnectorRateLimitOptions.Section}); it is tried again shortly.");
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int queueLimit)
    {
        var perRefill = Math.Max(1, perSecond / 10);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perRefill,
            TokensPerPeriod = perRefill,
            ReplenishmentPeriod = Refill,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    public ValueTask DisposeAsync() => limiter.DisposeAsync();
}
