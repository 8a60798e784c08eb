using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>DuckDB result values as JSON, and JSON row values as DuckDB parameters.</summary>
internal static class SqlValues
{
    public static JsonElement ToJson(object? value) => value switch
    {
        null or DBNull => Serialize(null),
        // System.Text.Json has no converter for HUGEINT's BigInteger (sum() of integers answers one): write the digits.
        BigInteger number => JsonDocument.Parse(number.ToString(CultureInfo.InvariantCulture)).RootElement.Clone(),
        // JSON has no NaN or infinity; Databricks' JSON_ARRAY results write them as text too.
        double number when !double.IsFinite(number) => Serialize(number.ToString(CultureInfo.InvariantCulture)),
        float number when !float.IsFinite(number) => Serialize(number.ToString(CultureInfo.InvariantCulture)),
        DateOnly date => Serialize(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime time => Serialize(time.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        Stream blob => Serialize(Convert.ToBase64String(ReadAll(blob))),
        IDictionary map => Serialize(map.Keys.Cast<object>().ToDictionary(key => Convert.ToString(key, CultureInfo.InvariantCulture)!, key => ToJson(map[key]))),
        IEnumerable items and not string => Serialize(items.Cast<object?>().Select(ToJson).ToList()),
        _ => Serialize(value),
    };

    /// <summary>A row value for <c>CAST($n AS type)</c>: DuckDB then converts it or says why it cannot.</summary>
    public static object? ToParameter(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number when value.TryGetDecimal(out var exact) => exact,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private static JsonElement Serialize(object? value) => JsonSerializer.SerializeToElement(value, ConnectorJson.Options);

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
