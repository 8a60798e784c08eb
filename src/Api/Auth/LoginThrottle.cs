using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Auth;

/// <summary>Configuration section <c>Auth:LoginThrottle</c>. All three limits count failed logins within <see cref="Window"/>.</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Auth:LoginThrottle";

    /// <summary>Failures for one account from one client address before that pair is refused (429).</summary>
    [Range(1, 1000)]
    public int MaxFailures { get; set; } = 5;

    /// <summary>Failures from one client address, whatever the accounts, before that address is refused: password spraying.</summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>
    /// Failures for one account from all addresses together before it is refused to addresses that have not signed in
    /// to it before: guessing spread over many addresses.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxFailuresPerAccount { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an address that signed in to an account stays exempt from that account's overall limit.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan KnownAddressLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Why a login is refused before its password is checked, and until when.</summary>
public sealed record LoginBlock(TimeSpan RetryAfter, string Reason);

/// <summary>
/// Slows password guessing three ways, each over a fixed window from its first failure:
/// one account from one address (<see cref="LoginThrottleOptions.MaxFailures"/>), one address across accounts
/// (spraying), and one account from everywhere (a botnet). The last one could let an attacker lock a victim out for as
/// long as the attack goes on, so it spares the addresses that signed in to that account before: the owner keeps
/// getting in from where they usually do, and no one can be locked out from everywhere. A success clears its pair's
/// and its account's counts (never the address's: signing in to one's own account must not buy more sprays).
/// Per process: with several API replicas an attacker gets each budget once per replica, which still bounds guessing.
/// </summary>
public sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider clock)
{
    private readonly FailureCounter _pairs = new(clock);
    private readonly FailureCounter _addresses = new(clock);
    private readonly FailureCounter _accounts = new(clock);
    private readonly KnownAddresses _known = new(clock);

    /// <summary>Why <paramref name="email"/> may not try from <paramref name="address"/> now; null when it may.</summary>
    public LoginBlock? BlockedFor(string email, string address)
    {
        var limits = options.Value;
        if (_addresses.BlockedFor(address, limits.MaxFailuresPerAddress, limits.Window) is { } spraying)
        {
            return new LoginBlock(spraying, "Too many failed logins from your address");
        }

        if (_pairs.BlockedFor(Pair(email, address), limits.MaxFailures, limits.Window) is { } guessing)
        {
            return new LoginBlock(guessing, "Too many wrong passwords for this address");
        }

        if (_accounts.BlockedFor(email, limits.MaxFailuresPerAccount, limits.Window) is { } distributed
            && !_known.Contains(email, address, limits.KnownAddressLifetime))
        {
            return new LoginBlock(distributed, "Too many failed logins for this account from addresses it has not signed in from");
        }

        return null;
    }

    public void Failed(string email, string address)
    {
        var window = options.Value.Window;
        _pairs.Failed(Pair(email, address), window);
        _addresses.Failed(address, window);
        _accounts.Failed(email, window);
    }

    public void Succeeded(string email, string address)
    {
        _pairs.Clear(Pair(email, address));
        _accounts.Clear(email);
        _known.Add(email, address, options.Value.KnownAddressLifetime);
    }

    /// <summary>The client's address as the server sees it (behind a proxy, configure forwarded headers so this is the client's).</summary>
    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Pair(string email, string address) => $"{address}\n{email}";
}
