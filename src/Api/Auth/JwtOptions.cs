using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Api.Auth;

public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>HS256 key. Env <c>Jwt__SigningKey</c>; at least 32 characters, never committed.</summary>
    [Required(ErrorMessage = "Jwt:SigningKey is not set. Set Jwt__SigningKey to a random string of at least 32 characters.")]
    [MinLength(32, ErrorMessage = "Jwt:SigningKey must be at least 32 characters long.")]
    public string SigningKey { get; set; } = "";

    [Required]
    public string Issuer { get; set; } = "agentprovision";

    [Required]
    public string Audience { get; set; } = "agentprovision-api";

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
