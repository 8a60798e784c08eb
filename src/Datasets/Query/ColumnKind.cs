namespace AgentProvision.Datasets.Query;

/// <summary>
/// How a result column is read. DuckDB.NET fails on some values (a list holding NULL, DECIMAL wider than .NET's
/// decimal, UNION, infinite dates), so such columns are converted by DuckDB first: nested ones to JSON text, the
/// rest to text.
/// </summary>
internal enum ColumnKind
{
    Native,
    Json,
    Text,
    WideDecimal,
    Date,
    Timestamp,
    TimestampTz,
}

internal static class ColumnKinds
{
    /// <summary>The kind for DuckDB's type name as DESCRIBE writes it (<c>INTEGER[]</c>, <c>DECIMAL(38,2)</c>…).</summary>
    public static ColumnKind Of(string duckDbType)
    {
        var type = duckDbType.Trim().ToUpperInvariant();
        if (type.EndsWith(']') || type.StartsWith("STRUCT", StringComparison.Ordinal) || type.StartsWith("MAP", StringComparison.Ordinal)
            || type.StartsWith("UNION", StringComparison.Ordinal) || type is "JSON" or "VARIANT")
        {
            return ColumnKind.Json;
        }

        if (type.StartsWith("DECIMAL(", StringComparison.Ordinal))
        {
            // .NET's decimal holds 28 digits; wider DECIMALs come as text and are parsed where they fit.
            var width = int.Parse(type.AsSpan(8, type.IndexOfAny([',', ')']) - 8), System.Globalization.CultureInfo.InvariantCulture);
            return width > 28 ? ColumnKind.WideDecimal : ColumnKind.Native;
        }

        if (type.StartsWith("ENUM(", StringComparison.Ordinal))
        {
            return ColumnKind.Native;
        }

        return type switch
        {
            "BOOLEAN" or "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
                or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE" or "DECIMAL" or "VARCHAR" or "BLOB"
                or "UUID" or "TIME" => ColumnKind.Native,
            "DATE" => ColumnKind.Date,
            "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" => ColumnKind.Timestamp,
            "TIMESTAMP WITH TIME ZONE" => ColumnKind.TimestampTz,
            // INTERVAL (months would be lost in a TimeSpan), TIME WITH TIME ZONE, BIT, BIGNUM and anything newer.
            _ => ColumnKind.Text,
        };
    }

    /// <summary>Whether DuckDB must convert the column before it is read.</summary>
    public static bool NeedsConversion(ColumnKind kind) => kind is ColumnKind.Json or ColumnKind.Text or ColumnKind.WideDecimal;

    /// <summary>The SQL that reads <paramref name="expression"/> as this kind wants it.</summary>
    public static string Projection(ColumnKind kind, string expression) => kind switch
    {
        ColumnKind.Json => $"CAST(to_json({expression}) AS VARCHAR)",
        ColumnKind.Text or ColumnKind.WideDecimal => $"CAST({expression} AS VARCHAR)",
        _ => expression,
    };
}
