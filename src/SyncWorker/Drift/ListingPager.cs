using System.Threading.RateLimiting;
using AgentProvision.Connector;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// Reads a whole listing, page after page, each page one connector call that first waits for a permit of this worker's
/// rate limit (<c>Drift:ListingsPerSecond</c>), so a sweep over thousands of tenants is spread out instead of a burst.
/// </summary>
public sealed class ListingPager : IDisposable
{
    private readonly TokenBucketRateLimiter limiter;
    private readonly DriftMetrics metrics;

    public ListingPager(IOptions<DriftOptions> options, DriftMetrics metrics)
    {
        this.metrics = metrics;
        var perSecond = options.Value.ListingsPerSecond;
        // One permit every 1/rate seconds, and no savings beyond one second's worth: a steady pace, not a burst after idling.
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(perSecond)),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// Hands every page to <paramref name="onPage"/>; answers the number of pages, or null when the server lacks the
    /// listing extension. A failed page throws (<see cref="ConnectorException"/>): a partial listing must never be read
    /// as "the rest is gone".
    /// </summary>
    public async Task<int?> ReadAllAsync<TPage>(
        string kind,
        Func<string?, Task<Extension<TPage>>> fetchPage,
        Func<TPage, string?> nextPageToken,
        Action<TPage> onPage,
        CancellationToken cancellationToken)
    {
        string? token = null;
        var pages = 0;
        do
        {
            using (var permit = await limiter.AcquireAsync(1, cancellationToken))
            {
                if (!permit.IsAcquired)
                {
                    throw new InvalidOperationException("The drift check's listing rate limiter refused a permit.");
                }
            }

            Extension<TPage> page;
            try
            {
                page = await fetchPage(token);
            }
            catch (ConnectorException)
            {
                metrics.RecordListing(kind, "error");
                throw;
            }

            if (!page.IsSupported)
            {
                metrics.RecordListing(kind, "unsupported");
                return null;
            }

            metrics.RecordListing(kind, "ok");
            pages++;
            onPage(page.Value);
            var next = nextPageToken(page.Value);
            if (next is not null && next == token)
            {
                throw new ConnectorException(null, "LISTING_LOOP", $"The connector's {kind} listing answered the same page token twice ({next}).");
            }

            token = next;
        }
        while (token is not null);

        return pages;
    }

    public void Dispose() => limiter.Dispose();
}
