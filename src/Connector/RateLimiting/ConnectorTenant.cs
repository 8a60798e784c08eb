namespace AgentProvision.Connector.RateLimiting;

/// <summary>
/// The tenant on whose behalf connector calls are made in this async flow, for the per-tenant rate limit. The worker
/// enters it once per sync (the contract carries the tenant in bodies, paths or queries, differently per call, and some
/// calls, like a run's status, not at all); calls outside any tenant share one budget.
/// </summary>
public static class ConnectorTenant
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string? Id => Current.Value;

    public static Scope Enter(Guid tenantId)
    {
        var previous = Current.Value;
        Current.Value = tenantId.ToString();
        return new Scope(previous);
    }

    public readonly struct Scope(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
