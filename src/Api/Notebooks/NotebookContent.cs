using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentProvision.Api.Notebooks;

/// <summary>
/// A notebook's <c>content</c> as sent: our plain source string, or the original web client's cells object
/// <c>{"cells": [{"source": "…" | ["…", "…"]}]}</c>, flattened the way the original did (seed-contract §4.2):
/// a source list joined with "", cells joined with a blank line. A body of the wrong shape still binds, carrying
/// <see cref="Problem"/>, so validation can answer it as a field error beside the others instead of a bare JSON error.
/// </summary>
[JsonConverter(typeof(NotebookContentConverter))]
public sealed record NotebookContent(string? Text, string? Problem)
{
    public const string AcceptedShapes =
        "'content' must be a string, or an object {\"cells\": [{\"source\": \"...\"}]} whose source is a string or a list of strings.";

    private const string CellSeparator = "\n\n";

    public static NotebookContent From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new NotebookContent(value.GetString(), null),
        JsonValueKind.Object => FromCells(value),
        _ => Rejected($"'content' is {Describe(value)}."),
    };

    private static NotebookContent FromCells(JsonElement content)
    {
        if (!content.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
        {
            return Rejected("'content' is an object without a 'cells' list.");
        }

        var sources = new List<string>(cells.GetArrayLength());
        var index = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            if (cell.ValueKind != JsonValueKind.Object || !cell.TryGetProperty("source", out var source))
            {
                return Rejected($"'content.cells[{index}]' has no 'source'.");
            }

            if (source.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                return Rejected($"'content.cells[{index}].source' is {Describe(source)}.");
            }

            if (source.ValueKind == JsonValueKind.Array && source.EnumerateArray().Any(line => line.ValueKind != JsonValueKind.String))
            {
                return Rejected($"'content.cells[{index}].source' is a list with an item that is not a string.");
            }

            sources.Add(JoinSource(source));
            index++;
        }

        return new NotebookContent(string.Join(CellSeparator, sources), null);
    }

    /// <summary>Jupyter stores a cell's source as one string or as its lines, each line keeping its own newline.</summary>
    private static string JoinSource(JsonElement source) => source.ValueKind == JsonValueKind.String
        ? source.GetString()!
        : string.Concat(source.EnumerateArray().Select(line => line.GetString()));

    private static NotebookContent Rejected(string what) => new(null, $"{what} {AcceptedShapes}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}

/// <summary>Reads any JSON value into <see cref="NotebookContent"/>; never throws on shape, only on malformed JSON.</summary>
public sealed class NotebookContentConverter : JsonConverter<NotebookContent>
{
    public override NotebookContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return NotebookContent.From(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, NotebookContent value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Text);
}
