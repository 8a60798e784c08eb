using System.Security.Claims;

namespace AgentProvision.Api.Auth;

public static class TenantClaims
{
    public const string TenantId = "tenant_id";
    public const string Role = "role";
    public const string Email = "email";

    /// <summary>The caller's tenant. The bearer scheme has already rejected tokens without one.</summary>
    public static Guid GetTenantId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(TenantId), out var tenantId)
            ? tenantId
            : throw new InvalidOperationException("The token carries no tenant; the bearer handler should have rejected it.");
}
