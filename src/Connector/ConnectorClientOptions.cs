using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Connector;

/// <summary>The connector client's quick, in-process resilience (section <c>Mcp:Client</c>). Longer waits are durable backoff on the resource row.</summary>
public sealed class ConnectorClientOptions
{
    public const string Section = "Mcp:Client";

    /// <summary>One HTTP attempt; a hung connector is cut off here.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>All attempts of one call together.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Caps both the exponential delay and a connector's Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open after too many failures, sparing a dead connector.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
