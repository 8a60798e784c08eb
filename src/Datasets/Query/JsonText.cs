using System.Text;
using System.Text.Json;

namespace AgentProvision.Datasets.Query;

/// <summary>DuckDB's <c>to_json</c> text as plain lists, string-keyed dictionaries and scalars.</summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    public static object? ToPlain(string json)
    {
        using var document = Parse(json);
        return ToPlain(document.RootElement);
    }

    /// <summary>
    /// to_json writes a non-finite double as a bare <c>NaN</c> or <c>Infinity</c>, which is not JSON; only then is
    /// the text rewritten with those words quoted.
    /// </summary>
    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(QuoteNonFiniteNumbers(json), Options);
        }
    }

    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(property => property.Name, property => ToPlain(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number when element.TryGetDecimal(out var exact) => exact,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static string QuoteNonFiniteNumbers(string json)
    {
        var output = new StringBuilder(json.Length + 16);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                output.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    output.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            var word = new[] { "-Infinity", "Infinity", "NaN" }.FirstOrDefault(w => string.CompareOrdinal(json, i, w, 0, w.Length) == 0);
            if (word is not null)
            {
                output.Append('"').Append(word).Append('"');
                i += word.Length - 1;
            }
            else
            {
                inString = c == '"';
                output.Append(c);
            }
        }

        return output.ToString();
    }
}
