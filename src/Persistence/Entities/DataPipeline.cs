namespace AgentProvision.Persistence.Entities;

/// <summary>
/// A tenant's data pipeline: a DAG of tasks with an optional cron schedule (<see cref="Config"/>), provisioned as one
/// Databricks job (seed-contract.md §2.4, §4.3).
/// </summary>
public sealed class DataPipeline : SyncedResource, IResourceKind
{
    public static string Kind => "pipeline";

    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The original's config object, validated: <c>{tasks: [{name, type, depends_on, config}], schedule?}</c> (JSONB).</summary>
    public string Config { get; set; } = "{}";

    /// <summary>
    /// The job's name in Databricks. Derived from the id alone, so a create whose answer was lost is found again by
    /// name (the find-by-name extension) instead of made twice, and a rename changes nothing remote.
    /// </summary>
    public static string DatabricksNameFor(Guid pipelineId) => $"pipeline_{pipelineId:N}";
}
