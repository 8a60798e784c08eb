using System.ComponentModel.DataAnnotations;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>The periodic drift check (section <c>Drift</c>): synced resources compared with what Databricks holds.</summary>
public sealed class DriftOptions
{
    public const string Section = "Drift";

    public bool Enabled { get; set; } = true;

    /// <summary>How often each tenant's resources of a kind are checked; one worker checks a given tenant and kind per interval.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a worker looks for checks that are due (claims are cheap: one indexed statement).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Listing calls (pages) per second per worker, so a sweep over many tenants never floods the connector.</summary>
    [Range(0.01, 1000)]
    public double ListingsPerSecond { get; set; } = 2;

    /// <summary>Items asked for per listing page; the contract allows 1..1000.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Checks (tenant and kind) claimed at once; the rest stay for the next round or another worker.</summary>
    [Range(1, 1000)]
    public int ClaimBatchSize { get; set; } = 20;
}
