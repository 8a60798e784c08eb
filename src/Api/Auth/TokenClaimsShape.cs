using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AgentProvision.Api.Auth;

/// <summary>
/// A validly signed token can still carry claims of the wrong shape (a tenant id that is not a GUID, a number or a list
/// where one string belongs, no subject). Every handler reads these claims, so a token is refused at the door (401)
/// unless each is exactly what <see cref="TokenIssuer"/> writes.
/// </summary>
public static class TokenClaimsShape
{
    /// <summary>What is wrong with the token's claims, or null when they are what we issue.</summary>
    public static string? Problem(ClaimsPrincipal principal, out Guid userId, out Guid tenantId)
    {
        tenantId = Guid.Empty;
        return OneGuid(principal, JwtRegisteredClaimNames.Sub, out userId)
            ?? OneGuid(principal, TenantClaims.TenantId, out tenantId)
            ?? Strings(principal, TenantClaims.Role, required: true)
            ?? Strings(principal, TenantClaims.Email, required: false, atMostOne: true);
    }

    private static string? OneGuid(ClaimsPrincipal principal, string type, out Guid value)
    {
        value = Guid.Empty;
        var claims = principal.FindAll(type).ToList();
        if (claims.Count != 1)
        {
            return claims.Count == 0 ? $"it has no '{type}' claim" : $"its '{type}' claim is a list; it must be one value";
        }

        return claims[0].ValueType == ClaimValueTypes.String && Guid.TryParse(claims[0].Value, out value)
            ? null
            : $"its '{type}' claim must be a GUID string";
    }

    private static string? Strings(ClaimsPrincipal principal, string type, bool required, bool atMostOne = false)
    {
        var claims = principal.FindAll(type).ToList();
        if (required && claims.Count == 0)
        {
            return $"it has no '{type}' claim";
        }

        if (atMostOne && claims.Count > 1)
        {
            return $"its '{type}' claim is a list; it must be one value";
        }

        return claims.All(c => c.ValueType == ClaimValueTypes.String && c.Value.Length > 0)
            ? null
            : $"its '{type}' claim must be a non-empty string";
    }
}
