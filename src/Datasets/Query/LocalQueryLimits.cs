using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Datasets.Query;

/// <summary>What one local query may take, bound from configuration section <see cref="SectionName"/>.</summary>
public sealed class LocalQueryLimits
{
    public const string SectionName = "Datasets:Query";

    /// <summary>After this the query is interrupted and answered with QUERY_TIMEOUT.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>DuckDB's memory_limit for the query's database, e.g. "256MB" or "1GiB". Nothing spills to disk.</summary>
    [Required]
    [RegularExpression(@"^(?i)\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)$", ErrorMessage = "MemoryLimit must look like 256MB or 1GiB.")]
    public string MemoryLimit { get; set; } = "256MB";

    /// <summary>DuckDB threads for one query; one keeps a query from taking every core of the host.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 1;

    /// <summary>The largest <c>limit</c> a request may ask for.</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 1000;
}
