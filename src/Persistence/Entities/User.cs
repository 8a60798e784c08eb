namespace AgentProvision.Persistence.Entities;

public sealed class User
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Stored lower-case: e-mail addresses are matched case-insensitively at log-in.</summary>
    public required string Email { get; set; }

    public required string PasswordHash { get; set; }
    public string? FullName { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
