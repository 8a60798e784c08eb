using System.Runtime.InteropServices;
using System.Text.Json;

namespace AgentProvision.Api.Infrastructure;

/// <summary>
/// Finds strings in raw JSON (values and keys, at any depth) that PostgreSQL cannot store: U+0000, which neither
/// <c>text</c> nor <c>jsonb</c> accepts, and a lone UTF-16 surrogate escape (<c>"\ud800"</c>), which is not text at
/// all and makes <see cref="JsonElement.GetString"/> throw. The JSON reader has already refused invalid UTF-8 and raw
/// control characters, so only <c>\u</c> escapes can carry either: the scan reads the escaped bytes in place, allocates
/// nothing, and skips every string without a backslash.
/// </summary>
public static class JsonTextCheck
{
    /// <summary>
    /// Adds one error per bad string under its path (e.g. <c>records[3].city</c>), at most <paramref name="maxErrors"/>;
    /// true when there was none, so the value can be read safely.
    /// </summary>
    public static bool Check(JsonElement value, string field, ValidationErrors errors, int maxErrors = 20)
    {
        var found = 0;
        Walk(value, field, errors, ref found, maxErrors);
        return found == 0;
    }

    private static void Walk(JsonElement value, string path, ValidationErrors errors, ref int found, int maxErrors)
    {
        if (found >= maxErrors)
        {
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (Problem(JsonMarshal.GetRawUtf8Value(value)) is { } problem)
                {
                    found++;
                    errors.Add(path, $"'{path}' {problem}");
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (Problem(JsonMarshal.GetRawUtf8PropertyName(property)) is { } keyProblem)
                    {
                        found++;
                        errors.Add(path, $"'{path}' has a key that {keyProblem}");
                        continue;
                    }

                    Walk(property.Value, $"{path}.{property.Name}", errors, ref found, maxErrors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", errors, ref found, maxErrors);
                }

                break;
        }
    }

    /// <summary>What is wrong with one escaped JSON string (without its quotes), or null when PostgreSQL can store it.</summary>
    public static string? Problem(ReadOnlySpan<byte> escaped)
    {
        if (escaped.IndexOf((byte)'\\') < 0)
        {
            return null;
        }

        var expectLow = false;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
            {
                if (expectLow)
                {
                    return LoneSurrogate;
                }

                continue;
            }

            var isUnicode = escaped[i + 1] == 'u';
            if (!isUnicode)
            {
                if (expectLow)
                {
                    return LoneSurrogate;
                }

                i++;
                continue;
            }

            var unit = Hex(escaped.Slice(i + 2, 4));
            i += 5;
            if (unit == 0)
            {
                return "must not contain the NUL character (U+0000); PostgreSQL cannot store it.";
            }

            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != isLow)
            {
                return LoneSurrogate;
            }

            expectLow = isHigh;
        }

        return expectLow ? LoneSurrogate : null;
    }

    private const string LoneSurrogate =
        "contains a lone UTF-16 surrogate escape (\\ud800-\\udfff without its pair), which is not text; send valid Unicode.";

    /// <summary>The reader has validated the escape, so the four characters are hex digits.</summary>
    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
    }
}
