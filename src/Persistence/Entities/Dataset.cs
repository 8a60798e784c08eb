namespace AgentProvision.Persistence.Entities;

/// <summary>
/// A tenant's table: its data lives in one Parquet file in dataset storage (<see cref="StorageKey"/>), its shape and a
/// sample in the row, and its Databricks copy is a table in the tenant's catalog.
/// </summary>
public sealed class Dataset : SyncedResource, IResourceKind
{
    public static string Kind => "dataset";

    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Where the data came from, as the original reported it (<c>csv_upload</c>, <c>data_agent</c>, …).</summary>
    public required string SourceType { get; set; }

    /// <summary>The uploaded file's own name; null for JSON ingest.</summary>
    public string? FileName { get; set; }

    public long RowCount { get; set; }

    /// <summary>The Parquet file's size in bytes.</summary>
    public long SizeBytes { get; set; }

    /// <summary>The Parquet file of the current upload. A new upload writes a new file, so a sync of the old one never reads a half-written file.</summary>
    public required string StorageKey { get; set; }

    /// <summary>JSON array of <c>{name, dtype}</c>, the original's schema shape.</summary>
    public string Schema { get; set; } = "[]";

    /// <summary>JSON array of the first rows, as objects.</summary>
    public string SampleRows { get; set; } = "[]";

    /// <summary>JSON array of <c>{column, avg, min, max}</c> over the numeric columns, computed while ingesting.</summary>
    public string NumericSummary { get; set; } = "[]";

    /// <summary>
    /// The table's name in Databricks. Derived from the id alone (never from the user's name, which can change), so a
    /// retried upload meets its own table instead of making a second one.
    /// </summary>
    public static string DatabricksNameFor(Guid datasetId) => $"dataset_{datasetId:N}";
}
