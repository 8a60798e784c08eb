using System.Collections.Concurrent;

namespace AgentProvision.McpEmulator.Introspection;

/// <summary>
/// The W3C <c>traceparent</c> headers of the latest calls per connector operation (newest first, at most
/// <see cref="PerOperation"/>), so a test can prove that one trace spans API → worker → connector.
/// </summary>
internal sealed class TraceRecorder
{
    public const int PerOperation = 50;

    private readonly ConcurrentDictionary<string, LinkedList<string>> _recent = new(StringComparer.Ordinal);

    public void Record(string operation, string? traceParent)
    {
        if (string.IsNullOrEmpty(traceParent))
        {
            return;
        }

        var list = _recent.GetOrAdd(operation, _ => new LinkedList<string>());
        lock (list)
        {
            list.AddFirst(traceParent);
            if (list.Count > PerOperation)
            {
                list.RemoveLast();
            }
        }
    }

    /// <summary>Only the operations called with a traceparent since the start or the last reset.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Snapshot()
    {
        var snapshot = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (operation, list) in _recent)
        {
            lock (list)
            {
                snapshot[operation] = [.. list];
            }
        }

        return snapshot;
    }

    public void Clear() => _recent.Clear();
}

/// <summary>The body of <c>GET /_emulator/traces</c>: <c>{"traces":{"notebooks.create":["00-…-01",…]}}</c>, newest first.</summary>
internal sealed record TraceParents(IReadOnlyDictionary<string, IReadOnlyList<string>> Traces);
