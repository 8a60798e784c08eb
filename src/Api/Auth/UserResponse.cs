using AgentProvision.Persistence.Entities;

namespace AgentProvision.Api.Auth;

/// <summary>
/// The original API's User (<c>email, full_name, is_active, is_superuser, id, tenant_id</c>) plus our <c>role</c>.
/// We have no deactivated users and no cross-tenant superusers, so those two are constant; a tenant's
/// administrator is told by <c>role</c> ("admin"), not by <c>is_superuser</c>.
/// </summary>
public sealed record UserResponse(string Email, string? FullName, bool IsActive, bool IsSuperuser, Guid Id, Guid TenantId, string Role)
{
    public static UserResponse From(User user) => new(user.Email, user.FullName, true, false, user.Id, user.TenantId, user.Role);
}
