using AgentProvision.Api.Infrastructure;

namespace AgentProvision.Api.Auth;

/// <summary>
/// The limits on credentials, shared by registration and login: an account registered under them can always sign in,
/// and login refuses what registration would have refused before spending a hash on it.
/// </summary>
public static class CredentialRules
{
    /// <summary>RFC 5321's longest path: 64 + 1 + 255.</summary>
    public const int MaxEmailLength = 320;

    public const int MinPasswordLength = 8;

    /// <summary>Tenant and user names.</summary>
    public const int MaxNameLength = 200;

    public static void CheckPassword(string field, string? password, ValidationErrors errors, bool forNewAccount)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, $"'{field}' is required.");
        }
        else if (password.Length > PasswordHasher.MaxLength)
        {
            // Longer ones only cost hashing time; both endpoints refuse them, so no account can have one.
            errors.Add(field, $"'{field}' must be at most {PasswordHasher.MaxLength} characters; it has {password.Length}.");
        }
        else if (password.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(field, $"'{field}' must not contain the NUL character (U+0000).");
        }
        else if (forNewAccount && (password.Length < MinPasswordLength || string.IsNullOrWhiteSpace(password)))
        {
            errors.Add(field, $"'{field}' must be at least {MinPasswordLength} characters, not all of them spaces.");
        }
    }
}
