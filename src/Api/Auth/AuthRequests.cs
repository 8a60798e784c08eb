namespace AgentProvision.Api.Auth;

/// <summary>
/// Registration in either of two bodies: ours, flat <c>{tenant_name, email, password, full_name?}</c>, or the
/// original web client's <c>{user_in: {email, password, full_name?, is_active?, is_superuser?}, tenant_in: {name}}</c>.
/// <see cref="RegistrationValidation"/> tells them apart and turns either into one <see cref="Registration"/>.
/// </summary>
public sealed record RegisterRequest(
    string? TenantName,
    string? Email,
    string? Password,
    string? FullName,
    OriginalUserIn? UserIn,
    OriginalTenantIn? TenantIn);

/// <summary>The original API read <c>is_active</c> and <c>is_superuser</c> but ignored them; so do we.</summary>
public sealed record OriginalUserIn(string? Email, string? Password, string? FullName, bool? IsActive, bool? IsSuperuser);

public sealed record OriginalTenantIn(string? Name);

public sealed record LoginRequest(string? Email, string? Password);
