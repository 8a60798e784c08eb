using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>Keeps what is logged, with the structured values, so tests can look at progress and summary lines.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, string Message, IReadOnlyDictionary<string, object?> Values)> Entries { get; } = new();

    /// <summary>Completes when the first entry with this event id (and, if given, values that match) is logged.</summary>
    public Task<(EventId Id, string Message, IReadOnlyDictionary<string, object?> Values)> FirstAsync(
        int eventId, Func<IReadOnlyDictionary<string, object?>, bool>? where = null)
    {
        where ??= _ => true;
        lock (_waiters)
        {
            var found = Entries.FirstOrDefault(e => e.Id.Id == eventId && where(e.Values));
            if (found.Message is not null)
            {
                return Task.FromResult(found);
            }

            var waiter = new TaskCompletionSource<(EventId, string, IReadOnlyDictionary<string, object?>)>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, where, waiter));
            return waiter.Task;
        }
    }

    private readonly List<(int Id, Func<IReadOnlyDictionary<string, object?>, bool> Where, TaskCompletionSource<(EventId, string, IReadOnlyDictionary<string, object?>)> Waiter)> _waiters = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : new Dictionary<string, object?>();
        var entry = (eventId, formatter(state, exception), (IReadOnlyDictionary<string, object?>)values);
        lock (_waiters)
        {
            Entries.Enqueue(entry);
            foreach (var waiting in _waiters.Where(w => w.Id == eventId.Id && w.Where(entry.Item3)).ToArray())
            {
                waiting.Waiter.TrySetResult(entry);
                _waiters.Remove(waiting);
            }
        }
    }
}
