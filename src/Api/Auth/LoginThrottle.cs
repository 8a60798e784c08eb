using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Auth;

/// <summary>Configuration section <c>Auth:LoginThrottle</c>.</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Auth:LoginThrottle";

    /// <summary>Failed logins for one e-mail address within <see cref="Window"/> before further tries are refused (429).</summary>
    [Range(1, 1000)]
    public int MaxFailures { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Slows password guessing against one account: after <see cref="LoginThrottleOptions.MaxFailures"/> failed logins for
/// an address within the window, its logins are refused until the window since the first failure has passed, even
/// with the right password. A success clears the count. Per process: with several API replicas an attacker gets the
/// budget once per replica, which still bounds guessing.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until <paramref name="email"/> may try again; null when it may now.</summary>
    public TimeSpan? BlockedFor(string email)
    {
        if (!_failures.TryGetValue(email, out var failures))
        {
            return null;
        }

        var remaining = failures.Since + options.Value.Window - clock.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            _failures.TryRemove(KeyValuePair.Create(email, failures));
            return null;
        }

        return failures.Count >= options.Value.MaxFailures ? remaining : null;
    }

    public void Failed(string email)
    {
        var now = clock.GetUtcNow();
        _failures.AddOrUpdate(email, _ => new Failures(1, now),
            (_, current) => current.Since + options.Value.Window <= now ? new Failures(1, now) : current with { Count = current.Count + 1 });
        if (_failures.Count > 100_000)
        {
            // Bounded memory under a spray of random addresses: forget the expired entries.
            foreach (var (key, value) in _failures)
            {
                if (value.Since + options.Value.Window <= now)
                {
                    _failures.TryRemove(KeyValuePair.Create(key, value));
                }
            }
        }
    }

    public void Succeeded(string email) => _failures.TryRemove(email, out _);

    private sealed record Failures(int Count, DateTimeOffset Since);
}
