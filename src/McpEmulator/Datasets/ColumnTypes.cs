using System.Text.RegularExpressions;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// Databricks SQL type names (what a dataset schema and table metadata speak) to DuckDB's and back.
/// Only known names reach DuckDB DDL, so a schema cannot smuggle SQL in.
/// </summary>
internal static partial class ColumnTypes
{
    private static readonly Dictionary<string, string> DatabricksToDuckDb = new(StringComparer.OrdinalIgnoreCase)
    {
        ["string"] = "VARCHAR", ["varchar"] = "VARCHAR", ["char"] = "VARCHAR", ["text"] = "VARCHAR",
        ["int"] = "INTEGER", ["integer"] = "INTEGER", ["bigint"] = "BIGINT", ["long"] = "BIGINT",
        ["smallint"] = "SMALLINT", ["short"] = "SMALLINT", ["tinyint"] = "TINYINT", ["byte"] = "TINYINT",
        ["double"] = "DOUBLE", ["float"] = "FLOAT", ["real"] = "FLOAT",
        ["boolean"] = "BOOLEAN", ["bool"] = "BOOLEAN",
        ["date"] = "DATE", ["timestamp"] = "TIMESTAMP", ["timestamp_ntz"] = "TIMESTAMP",
        ["binary"] = "BLOB",
        ["decimal"] = "DECIMAL(10,0)",
    };

    private static readonly Dictionary<string, string> DuckDbToDatabricks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VARCHAR"] = "string", ["INTEGER"] = "int", ["BIGINT"] = "bigint", ["SMALLINT"] = "smallint", ["TINYINT"] = "tinyint",
        ["DOUBLE"] = "double", ["FLOAT"] = "float", ["BOOLEAN"] = "boolean", ["DATE"] = "date",
        ["TIMESTAMP"] = "timestamp", ["TIMESTAMP WITH TIME ZONE"] = "timestamp", ["BLOB"] = "binary",
    };

    public static string ToDuckDb(string? databricksType)
    {
        var type = databricksType?.Trim() ?? "";
        if (DatabricksToDuckDb.TryGetValue(type, out var duckDbType))
        {
            return duckDbType;
        }

        var decimalType = DecimalPattern().Match(type);
        if (decimalType.Success)
        {
            return $"DECIMAL({decimalType.Groups["precision"].Value},{decimalType.Groups["scale"].Value})";
        }

        throw ConnectorException.InvalidParameter(
            $"Unsupported column type '{databricksType}'. Use one of: {string.Join(", ", DatabricksToDuckDb.Keys)}, decimal(p,s).");
    }

    public static string ToDatabricks(string duckDbType)
        => DuckDbToDatabricks.TryGetValue(duckDbType, out var databricksType)
            ? databricksType
            : duckDbType.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);

    [GeneratedRegex(@"^decimal\s*\(\s*(?<precision>\d{1,2})\s*,\s*(?<scale>\d{1,2})\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex DecimalPattern();
}
