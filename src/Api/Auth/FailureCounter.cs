using System.Collections.Concurrent;

namespace AgentProvision.Api.Auth;

/// <summary>Failures per key in a fixed window from the first one; bounded in memory under a spray of random keys.</summary>
internal sealed class FailureCounter(TimeProvider clock)
{
    private const int PruneAbove = 100_000;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until <paramref name="key"/> may try again; null when it may now.</summary>
    public TimeSpan? BlockedFor(string key, int maxFailures, TimeSpan window)
    {
        if (!_failures.TryGetValue(key, out var failures))
        {
            return null;
        }

        var remaining = failures.Since + window - clock.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            _failures.TryRemove(KeyValuePair.Create(key, failures));
            return null;
        }

        return failures.Count >= maxFailures ? remaining : null;
    }

    public void Failed(string key, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        _failures.AddOrUpdate(key, _ => new Failures(1, now),
            (_, current) => current.Since + window <= now ? new Failures(1, now) : current with { Count = current.Count + 1 });
        if (_failures.Count > PruneAbove)
        {
            foreach (var (stale, value) in _failures)
            {
                if (value.Since + window <= now)
                {
                    _failures.TryRemove(KeyValuePair.Create(stale, value));
                }
            }
        }
    }

    public void Clear(string key) => _failures.TryRemove(key, out _);

    private sealed record Failures(int Count, DateTimeOffset Since);
}

/// <summary>The addresses each account signed in from lately: a few per account, the oldest forgotten first.</summary>
internal sealed class KnownAddresses(TimeProvider clock)
{
    private const int PerAccount = 8;
    private const int PruneAbove = 100_000;
    private readonly ConcurrentDictionary<string, Dictionary<string, DateTimeOffset>> _byAccount = new(StringComparer.Ordinal);

    public bool Contains(string account, string address, TimeSpan lifetime)
    {
        if (!_byAccount.TryGetValue(account, out var addresses))
        {
            return false;
        }

        lock (addresses)
        {
            return addresses.TryGetValue(address, out var at) && at + lifetime > clock.GetUtcNow();
        }
    }

    public void Add(string account, string address, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        var addresses = _byAccount.GetOrAdd(account, _ => new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        lock (addresses)
        {
            addresses[address] = now;
            if (addresses.Count > PerAccount)
            {
                addresses.Remove(addresses.MinBy(pair => pair.Value).Key);
            }
        }

        if (_byAccount.Count > PruneAbove)
        {
            foreach (var (key, value) in _byAccount)
            {
                lock (value)
                {
                    if (value.Values.All(at => at + lifetime <= now))
                    {
                        _byAccount.TryRemove(key, out _);
                    }
                }
            }
        }
    }
}
