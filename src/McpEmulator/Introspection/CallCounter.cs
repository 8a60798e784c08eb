using System.Collections.Concurrent;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Introspection;

/// <summary>Requests per connector operation, faulted and refused ones included.</summary>
internal sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Record(string operation) => _counts.AddOrUpdate(operation, 1, (_, count) => count + 1);

    /// <summary>Every known operation, zero when never called, so a reader never meets a missing key.</summary>
    public IReadOnlyDictionary<string, int> Snapshot()
        => new SortedDictionary<string, int>(
            ConnectorOperations.All.ToDictionary(operation => operation, operation => _counts.GetValueOrDefault(operation)),
            StringComparer.Ordinal);

    public void Clear() => _counts.Clear();
}

/// <summary>The body of <c>GET /_emulator/calls</c>: <c>{"calls":{"notebooks.create":3,…}}</c>.</summary>
internal sealed record CallCounts(IReadOnlyDictionary<string, int> Calls);
