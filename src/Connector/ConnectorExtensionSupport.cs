using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentProvision.Connector;

/// <summary>
/// Remembers which contract extensions (docs/connector-contract.md) the connector lacks, so the fallback is logged
/// once per process with what it means, not on every call.
/// </summary>
public sealed class ConnectorExtensionSupport(ILogger<ConnectorExtensionSupport> logger)
{
    private readonly ConcurrentDictionary<string, bool> _missing = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Missing => _missing.Keys.ToArray();

    public void ReportMissing(string extension, string fallback)
    {
        if (_missing.TryAdd(extension, true))
        {
            logger.LogWarning("The connector does not offer the '{Extension}' extension; falling back: {Fallback}", extension, fallback);
        }
    }
}

/// <summary>Names of the contract's extensions, as the contract document lists them.</summary>
public static class ConnectorExtensions
{
    public const string NotebookLookup = "notebook-lookup";
    public const string NotebookLanguageUpdate = "notebook-update-language";
    public const string JobFindByName = "job-find-by-name";
    public const string JobUpdate = "job-update";
    public const string RunIdempotencyToken = "run-idempotency-token";
    public const string VectorUpsert = "vector-upsert";
    public const string NotebookList = "notebook-list";
    public const string TableList = "table-list";
    public const string JobList = "job-list";
}
