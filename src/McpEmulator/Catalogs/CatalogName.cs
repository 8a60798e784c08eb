using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Catalogs;

/// <summary>Unity Catalog's naming rules: at most 255 characters, no '.', ' ', '/' or control characters; stored lowercase.</summary>
internal static class CatalogName
{
    public const int MaxLength = 255;

    /// <summary>The name as Unity Catalog stores it, or Databricks' own INVALID_PARAMETER_VALUE refusal.</summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name.Any(IsForbidden))
        {
            throw ConnectorException.InvalidParameter(
                $"Invalid input: catalog_name \"{name}\" is not a valid name. " +
                "Valid names cannot contain spaces, periods, forward slashes, or control characters.");
        }

        return name.ToLowerInvariant();
    }

    private static bool IsForbidden(char c) => c is '.' or ' ' or '/' || char.IsControl(c);
}
