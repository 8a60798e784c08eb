using System.Collections;
using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace AgentProvision.Datasets.Query;

/// <summary>DuckDB values as plain JSON-ready .NET values (see <see cref="QueryResult"/>).</summary>
internal static class DuckDbValues
{
    private static readonly BigInteger MaxDecimal = new(decimal.MaxValue);

    public static object? Read(DuckDBDataReader reader, int ordinal, ColumnKind kind)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return kind switch
        {
            ColumnKind.Json => JsonText.ToPlain(reader.GetString(ordinal)),
            ColumnKind.Text => reader.GetString(ordinal),
            ColumnKind.WideDecimal => WideDecimal(reader.GetString(ordinal)),
            ColumnKind.Date => ReadDate(reader, ordinal),
            ColumnKind.Timestamp => ReadTimestamp(reader, ordinal, DateTimeKind.Unspecified),
            // DuckDB.NET answers TIMESTAMPTZ in UTC but unmarked; marked, JSON writes the Z.
            ColumnKind.TimestampTz => ReadTimestamp(reader, ordinal, DateTimeKind.Utc),
            _ => FromNative(reader.GetValue(ordinal)),
        };
    }

    public static object? FromNative(object? value) => value switch
    {
        null or DBNull => null,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong number => number <= long.MaxValue ? (long)number : (decimal)number,
        BigInteger number => FromBigInteger(number),
        float number => FromDouble(number),
        double number => FromDouble(number),
        decimal or bool or string or DateTime => value,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("o", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Guid id => id.ToString("D"),
        Stream blob => Base64(blob),
        byte[] bytes => Convert.ToBase64String(bytes),
        IDictionary map => map.Keys.Cast<object>().ToDictionary(
            key => Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty, key => FromNative(map[key])),
        IEnumerable items => items.Cast<object?>().Select(FromNative).ToList(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>JSON has no NaN or infinity, and System.Text.Json refuses to write them: they become their names.</summary>
    private static object FromDouble(double number) =>
        double.IsFinite(number) ? number : number.ToString(CultureInfo.InvariantCulture);

    /// <summary>HUGEINT sums: a number while it fits a decimal, the digits as text beyond.</summary>
    private static object FromBigInteger(BigInteger number) =>
        number >= long.MinValue && number <= long.MaxValue ? (long)number
        : BigInteger.Abs(number) <= MaxDecimal ? (decimal)number
        : number.ToString(CultureInfo.InvariantCulture);

    private static object WideDecimal(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text;

    private static object ReadDate(DuckDBDataReader reader, int ordinal)
    {
        var date = reader.GetFieldValue<DuckDBDateOnly>(ordinal);
        return date.IsInfinity ? Infinity(date.IsPositiveInfinity) : FromNative(reader.GetValue(ordinal))!;
    }

    private static object ReadTimestamp(DuckDBDataReader reader, int ordinal, DateTimeKind kind)
    {
        var timestamp = reader.GetFieldValue<DuckDBTimestamp>(ordinal);
        return timestamp.IsInfinity ? Infinity(timestamp.IsPositiveInfinity) : DateTime.SpecifyKind(reader.GetDateTime(ordinal), kind);
    }

    private static string Infinity(bool positive) => positive ? "infinity" : "-infinity";

    private static string Base64(Stream blob)
    {
        using var copy = new MemoryStream();
        blob.CopyTo(copy);
        return Convert.ToBase64String(copy.GetBuffer(), 0, (int)copy.Length);
    }
}
