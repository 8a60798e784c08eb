using System.Collections.Concurrent;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Introspection;

/// <summary>Requests per connector operation, faulted and refused ones included.</summary>
internal sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string TenantId, string Operation), int> _byTenant = new();

    public void Record(string operation) => _counts.AddOrUpdate(operation, 1, (_, count) => count + 1);

    /// <summary>Once the call has named its tenant (after its handler ran), so a test can count one tenant's calls among many.</summary>
    public void RecordForTenant(string operation, string? tenantId)
    {
        if (!string.IsNullOrEmpty(tenantId))
        {
            _byTenant.AddOrUpdate((tenantId, operation), 1, (_, count) => count + 1);
        }
    }

    /// <summary>Every known operation, zero when never called, so a reader never meets a missing key.</summary>
    public IReadOnlyDictionary<string, int> Snapshot()
        => new SortedDictionary<string, int>(
            ConnectorOperations.All.ToDictionary(operation => operation, operation => _counts.GetValueOrDefault(operation)),
            StringComparer.Ordinal);

    /// <summary>As <see cref="Snapshot()"/>, counting only the calls that named <paramref name="tenantId"/>.</summary>
    public IReadOnlyDictionary<string, int> Snapshot(string tenantId)
        => new SortedDictionary<string, int>(
            ConnectorOperations.All.ToDictionary(operation => operation, operation => _byTenant.GetValueOrDefault((tenantId, operation))),
            StringComparer.Ordinal);

    public void Clear()
    {
        _counts.Clear();
        _byTenant.Clear();
    }
}

/// <summary>The body of <c>GET /_emulator/calls</c> (<c>?tenant_id=</c>: that tenant's calls only): <c>{"calls":{"notebooks.create":3,…}}</c>.</summary>
internal sealed record CallCounts(IReadOnlyDictionary<string, int> Calls);
