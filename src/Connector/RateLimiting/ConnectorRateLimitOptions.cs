using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Connector.RateLimiting;

/// <summary>
/// How fast the worker may call the connector (section <c>Mcp:Client:RateLimits</c>): overall, and per tenant, since a
/// tenant is one Databricks workspace with its own API limits. A call over budget waits its turn (oldest first) up to
/// <see cref="MaxWait"/>; past that, or with too many waiting, the sync is put back for later without spending an attempt.
/// </summary>
public sealed class ConnectorRateLimitOptions
{
    public const string Section = "Mcp:Client:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Calls per second to the connector from one worker process, all tenants together.</summary>
    [Range(1, 1_000_000)]
    public int GlobalPerSecond { get; set; } = 2000;

    /// <summary>Calls per second for one tenant from one worker process.</summary>
    [Range(1, 1_000_000)]
    public int PerTenantPerSecond { get; set; } = 500;

    /// <summary>
    /// Calls of one tenant that may wait for a permit at once; more are put back at once. By default as many as the
    /// budget serves within <see cref="MaxWait"/> (500/s × 5 s): a call beyond that would time out anyway, and one
    /// within it is cheaper waiting than put back (a put-back sync costs a lease, a deferral, a re-send and a delivery).
    /// A waiting call holds a consumer slot but no connection; another tenant's call has a bucket of its own.
    /// </summary>
    [Range(0, 1_000_000)]
    public int? PerTenantQueueLimit { get; set; }

    public int EffectivePerTenantQueueLimit =>
        PerTenantQueueLimit ?? (int)Math.Min(1_000_000, Math.Ceiling(PerTenantPerSecond * MaxWait.TotalSeconds));

    /// <summary>Calls that may wait for the overall budget at once.</summary>
    [Range(0, 1_000_000)]
    public int GlobalQueueLimit { get; set; } = 10_000;

    /// <summary>The longest a call waits for a permit.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);
}
