using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// The columns of a list of JSON records, found in one pass over them: the union of their keys in first-seen order, and
/// for each the join (<see cref="ColumnTypes.Join"/>) of its values' types. The records are all in memory already, so
/// unlike CSV every value counts, nothing is sampled, and nothing needs widening afterwards.
/// </summary>
/// <remarks>
/// A JSON number is an integer when it fits a <see cref="long"/>, else a float (a number too large for a double is kept
/// as its text); <c>true</c>/<c>false</c> are booleans; strings stay strings (they are not parsed as dates or numbers,
/// as pandas' <c>DataFrame(records)</c> did not); objects and arrays are stored as their JSON text; <c>null</c> and a
/// missing key are null.
/// </remarks>
internal sealed class RecordSchema
{
    private RecordSchema(string[] names, ColumnType[] types, Dictionary<string, int> columnOf, long bytes)
    {
        (Names, Types, ColumnOf, Bytes) = (names, types, columnOf, bytes);
    }

    public string[] Names { get; }

    public ColumnType[] Types { get; }

    /// <summary>The column of each key, as the key is spelled in the records.</summary>
    public Dictionary<string, int> ColumnOf { get; }

    /// <summary>UTF-8 bytes of the records' JSON text.</summary>
    public long Bytes { get; }

    public static RecordSchema Infer(IReadOnlyList<JsonElement> records, IngestLimits limits)
    {
        if (records.Count == 0)
        {
            throw Rejections.NoRecords();
        }

        if (records.Count > limits.MaxRows)
        {
            throw Rejections.TooManyRecords(records.Count, limits.MaxRows);
        }

        var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var types = new List<ColumnType?>();
        long bytes = 0;
        for (var index = 0; index < records.Count; index++)
        {
            var record = records[index];
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw Rejections.RecordNotObject(index, KindName(record.ValueKind));
            }

            bytes += JsonMarshal.GetRawUtf8Value(record).Length;
            foreach (var property in record.EnumerateObject())
            {
                if (!columnOf.TryGetValue(property.Name, out var column))
                {
                    if (keys.Count == limits.MaxColumns)
                    {
                        throw Rejections.TooManyKeys(index, limits.MaxColumns);
                    }

                    column = keys.Count;
                    columnOf.Add(property.Name, column);
                    keys.Add(property.Name);
                    types.Add(null);
                }

                if (TypeOf(property.Value) is { } type)
                {
                    CheckLength(property.Value, index, property.Name, limits.MaxFieldChars);
                    types[column] = types[column] is { } known ? ColumnTypes.Join(known, type) : type;
                }
            }
        }

        if (keys.Count == 0)
        {
            throw Rejections.NoColumns();
        }

        return new RecordSchema(ColumnNames.Normalize(keys), types.Select(t => t ?? ColumnType.String).ToArray(), columnOf, bytes);
    }

    /// <summary>The type of one value; null for JSON null.</summary>
    public static ColumnType? TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True or JsonValueKind.False => ColumnType.Boolean,
        JsonValueKind.Number when value.TryGetInt64(out _) => ColumnType.Integer,
        JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) => ColumnType.Float,
        _ => ColumnType.String,
    };

    /// <summary>The text a value is stored as in a string column: a string as it is, anything else as its JSON text.</summary>
    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString()!
        : Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value));

    private static void CheckLength(JsonElement value, int index, string key, int maxChars)
    {
        // The raw UTF-8 length bounds the text's length from above (escapes only shrink), so most values need no decoding.
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Array
            && JsonMarshal.GetRawUtf8Value(value).Length > maxChars
            && Text(value).Length is var chars && chars > maxChars)
        {
            throw Rejections.RecordValueTooLong(index, key, chars, maxChars);
        }
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
