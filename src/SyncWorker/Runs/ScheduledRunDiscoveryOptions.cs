using System.ComponentModel.DataAnnotations;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>Discovery of the runs a pipeline's schedule starts in Databricks (section <c>Runs:Discovery</c>).</summary>
public sealed class ScheduledRunDiscoveryOptions
{
    public const string Section = "Runs:Discovery";

    /// <summary>How often the scheduled pipelines' run lists are read. One worker at a time does it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Pipelines read from the database per page of a sweep.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 100;

    /// <summary>Most run-list calls in flight at once.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Runs asked for per pipeline (newest first); the contract allows 1..25.</summary>
    [Range(1, 25)]
    public int RunsPerPipeline { get; set; } = 25;
}
