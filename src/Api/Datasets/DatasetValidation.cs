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

    public static void ValidateSourceType(string? sourceType, ValidationErrors errors) => errors.LimitText("source_type", sourceType, 64);

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
