using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// A dataset becomes the table <c>{catalog}.bronze.{name}</c>, so its name follows Unity Catalog's rules for a table:
/// at most 255 characters, no '.', ' ', '/' or control characters, stored lowercase.
/// </summary>
internal static class DatasetName
{
    public const string Schema = "bronze";

    private const int MaxLength = 255;

    public static string Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name.Any(IsForbidden))
        {
            throw ConnectorException.InvalidParameter(
                $"Invalid input: RPC CreateTable Field managedcatalog.TableInfo.name: name \"{name}\" is not a valid name. " +
                "Valid names cannot contain spaces, periods, forward slashes, or control characters.");
        }

        return name.ToLowerInvariant();
    }

    public static string FullName(string catalog, string storedName) => $"{catalog}.{Schema}.{storedName}";

    private static bool IsForbidden(char c) => c is '.' or ' ' or '/' || char.IsControl(c);
}
