using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Vectors;

/// <summary>
/// Vector Search index names: Databricks uses <c>catalog.schema.index</c> of letters, digits and '_'; the original
/// client sends any plain name, so '-' and '.' are allowed too. Stored lowercase, like every Unity Catalog name.
/// </summary>
internal static class IndexName
{
    private const int MaxLength = 255;

    public static string Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw ConnectorException.InvalidParameter(
                $"Index name \"{name}\" is not valid: use only letters, digits, '_', '-' and '.', at most {MaxLength} characters.");
        }

        return name.ToLowerInvariant();
    }
}
