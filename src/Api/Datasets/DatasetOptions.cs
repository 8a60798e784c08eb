using AgentProvision.Datasets.Ingest;
using AgentProvision.Datasets.Query;

namespace AgentProvision.Api.Datasets;

/// <summary>Configuration section <c>Datasets</c>: ingest limits, the local query sandbox, and remote queries.</summary>
public sealed class DatasetOptions
{
    public const string Section = "Datasets";

    /// <summary><c>Datasets:Ingest</c>: size, column, field and row limits, type sampling, row groups, progress logging.</summary>
    public IngestLimits Ingest { get; set; } = new();

    /// <summary><c>Datasets:Query</c>: time, memory and thread limits of the local DuckDB sandbox.</summary>
    public LocalQueryLimits Query { get; set; } = new();

    /// <summary>How long a query may wait for the connector before it runs locally instead.</summary>
    public TimeSpan RemoteQueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest text form field (name, description) an upload may carry.</summary>
    public int MaxFormFieldBytes { get; set; } = 64 * 1024;
}
