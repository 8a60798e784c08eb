using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Limits and tuning of an ingest, bound from configuration section <c>Datasets:Ingest</c>. The defaults suit uploads
/// of up to a few GB on a small machine; the annotations let the host validate a bad setting at start.
/// </summary>
public sealed class IngestLimits : IValidatableObject
{
    /// <summary>Largest upload in bytes, counted while reading (413 once passed). Default 2 GiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Most columns a file or the records may have (413 past it). Default 1000.</summary>
    [Range(1, 100_000)]
    public int MaxColumns { get; set; } = 1000;

    /// <summary>Longest value, in characters (UTF-16 code units, as <see cref="string.Length"/> counts). Default 1,000,000.</summary>
    [Range(1, 100_000_000)]
    public int MaxFieldChars { get; set; } = 1_000_000;

    /// <summary>Most data rows (413 past it). Default 100,000,000.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRows { get; set; } = 100_000_000;

    /// <summary>Rows the column types are inferred from before they are enforced (and widened when needed). Default 10,000.</summary>
    [Range(1, 10_000_000)]
    public int TypeSampleRows { get; set; } = 10_000;

    /// <summary>Rows per Parquet row group; a row group is cut earlier when its text passes about 64 MB. Default 100,000.</summary>
    [Range(1, 10_000_000)]
    public int RowGroupRows { get; set; } = 100_000;

    /// <summary>The CSV delimiter; null (the default) detects it among <c>,</c> <c>;</c> and tab from the first lines.</summary>
    public char? Delimiter { get; set; }

    /// <summary>How often a long ingest logs its progress. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes of UTF-8 text a row group buffers before it is written even if it has fewer than <see cref="RowGroupRows"/>
    /// rows: 32 MB of UTF-8 is about 64 MB once decoded to .NET strings, so wide rows keep memory bounded.
    /// Internal: a tuning knob for tests, not a setting.
    /// </summary>
    internal long RowGroupTextBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>A copy of these limits with another delimiter (null to detect it).</summary>
    public IngestLimits With(char? delimiter)
    {
        var copy = (IngestLimits)MemberwiseClone();
        copy.Delimiter = delimiter;
        return copy;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Delimiter is { } d && !IsUsableDelimiter(d))
        {
            yield return new ValidationResult(
                $"Delimiter '{d}' cannot be used: it must be an ASCII character other than a quote, CR or LF.", [nameof(Delimiter)]);
        }
    }

    /// <summary>Throws when a limit is out of range, so a wrong setting fails before any byte is read.</summary>
    internal void EnsureValid()
    {
        var context = new ValidationContext(this);
        Validator.ValidateObject(this, context, validateAllProperties: true);
    }

    private static bool IsUsableDelimiter(char d) => d < 128 && d is not ('"' or '\r' or '\n');
}
