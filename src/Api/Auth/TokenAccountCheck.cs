using System.ComponentModel.DataAnnotations;
using AgentProvision.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AgentProvision.Api.Auth;

/// <summary>Configuration section <c>Auth:AccountCheck</c>.</summary>
public sealed class AccountCheckOptions
{
    public const string Section = "Auth:AccountCheck";

    /// <summary>
    /// How long a user's existence is remembered per process. A deleted user's token keeps working at most this long;
    /// zero asks the database on every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The token's claims are not what we issue; the message says which.</summary>
public sealed class TokenClaimsInvalidException(string message) : SecurityTokenValidationException(message);

/// <summary>The token is well formed, but the user or tenant it names is gone.</summary>
public sealed class TokenAccountGoneException() : SecurityTokenValidationException("The user or tenant of this token no longer exists.");

/// <summary>
/// Runs after the signature, issuer, audience and lifetime checks: claims of the right shape, and a user that still
/// exists in the tenant the token names. Users are deleted with their tenant (cascade), so one primary-key lookup
/// answers for both. The answer is cached for <see cref="AccountCheckOptions.CacheFor"/>, so a busy client costs one
/// lookup per window, not one per request.
/// </summary>
public sealed class TokenAccountCheck(IOptions<AccountCheckOptions> options) : IDisposable
{
    /// <summary>Its own cache, bounded: a flood of tokens for random ids cannot grow memory without limit.</summary>
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public void Dispose() => cache.Dispose();

    public async Task<Exception?> FailureAsync(System.Security.Claims.ClaimsPrincipal principal, AppDbContext db, CancellationToken cancellationToken)
    {
        if (TokenClaimsShape.Problem(principal, out var userId, out var tenantId) is { } problem)
        {
            return new TokenClaimsInvalidException($"The token is not valid: {problem}.");
        }

        var key = new AccountKey(userId, tenantId);
        if (!cache.TryGetValue(key, out bool exists))
        {
            exists = await db.Users.AnyAsync(u => u.Id == userId && u.TenantId == tenantId, cancellationToken);
            if (options.Value.CacheFor > TimeSpan.Zero)
            {
                cache.Set(key, exists, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.Value.CacheFor, Size = 1 });
            }
        }

        return exists ? null : new TokenAccountGoneException();
    }

    private sealed record AccountKey(Guid UserId, Guid TenantId);
}
