namespace AgentProvision.Api.Auth;

public sealed record RegisterRequest(string? TenantName, string? Email, string? Password, string? FullName);

public sealed record LoginRequest(string? Email, string? Password);
