using System.Text.Json;
using AgentProvision.Api.Infrastructure;
using AgentProvision.Datasets.Ingest;

namespace AgentProvision.Api.Datasets;

internal static class DatasetValidation
{
    public static ValidationErrors ValidateNew(string? name, string? description, bool requireFile)
    {
        var errors = new ValidationErrors();
        errors.RequireText("name", name, 255);
        errors.LimitText("description", description, 4000);
        if (requireFile)
        {
            errors.Add("file", $"Send the CSV in the form field '{MultipartUpload.FilePart}'.");
        }

        return errors;
    }

    public static ValidationErrors ValidateUpdate(string? name, string? description)
    {
        var errors = new ValidationErrors();
        if (name is not null)
        {
            errors.RequireText("name", name, 255);
        }

        errors.LimitText("description", description, 4000);
        return errors;
    }

    /// <summary>Longest SQL accepted: a generous hand-written query; the parser's work grows with the text.</summary>
    public const int MaxSqlLength = 64 * 1024;

    public static ValidationErrors ValidateQuery(DatasetQueryRequest request)
    {
        var errors = new ValidationErrors();
        errors.LimitText("sql", request.Sql, MaxSqlLength);
        if (request.Limit is < 1 or > 1000)
        {
            errors.Add("limit", "limit must be between 1 and 1000.");
        }

        return errors;
    }

    public static void ValidateSourceType(string? sourceType, ValidationErrors errors) => errors.LimitText("source_type", sourceType, 64);

    /// <summary>
    /// Records become Parquet and, for the sample rows and schema, jsonb: a key or value with U+0000 or a lone surrogate
    /// is refused by its path (<c>records[3].city</c>) rather than altered or failing on save.
    /// </summary>
    public static void ValidateRecords(List<JsonElement>? records, ValidationErrors errors)
    {
        for (var i = 0; records is not null && i < records.Count; i++)
        {
            if (!JsonTextCheck.Check(records[i], $"records[{i}]", errors, maxErrors: 5) && errors.Count >= 20)
            {
                return;
            }
        }
    }

    /// <summary>The configured limits, with the delimiter the caller named (<c>,</c> <c>;</c> <c>tab</c>), or detected when none.</summary>
    public static IngestLimits WithDelimiter(IngestLimits limits, string? delimiter)
    {
        char? chosen = delimiter switch
        {
            null or "" => limits.Delimiter,
            "," or "comma" => ',',
            ";" or "semicolon" => ';',
            "\t" or "tab" or "\\t" => '\t',
            _ => throw new UploadRejected($"Unknown delimiter '{delimiter}'. Use ',', ';' or 'tab', or leave it out to have it detected."),
        };
        return limits.With(chosen);
    }
}
