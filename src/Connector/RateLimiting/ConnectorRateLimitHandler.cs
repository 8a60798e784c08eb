namespace AgentProvision.Connector.RateLimiting;

/// <summary>
/// Gates each connector call on the rate limits, outside the resilience pipeline: a call is admitted once, and its
/// quick retries (already spaced by backoff and Retry-After) do not queue again.
/// </summary>
public sealed class ConnectorRateLimitHandler(ConnectorRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(ConnectorCallHandler.OperationOf(request.Method, request.RequestUri), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
