using System.Security.Cryptography;

namespace AgentProvision.Api.Auth;

/// <summary>PBKDF2-SHA256 with a per-password salt; the stored form names its parameters so they can be raised later.</summary>
public static class PasswordHasher
{
    private const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>The longest password accepted, at register and at login alike (a longer one only costs hashing time).</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// Verified against when the e-mail is unknown, so a login costs one hash either way: the answer's timing does not
    /// tell which addresses have accounts.
    /// </summary>
    private static readonly string UnknownUserHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));

    /// <summary>Checks <paramref name="password"/> against <paramref name="stored"/>, or does the same work and fails when there is no user.</summary>
    public static bool VerifyOrSpendTheSameTime(string password, string? stored) =>
        Verify(password, stored ?? UnknownUserHash) && stored is not null;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
