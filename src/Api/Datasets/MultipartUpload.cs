using System.Text;
using AgentProvision.Api.Infrastructure;
using AgentProvision.Datasets.Ingest;
using AgentProvision.Datasets.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// Reads a multipart upload section by section, straight off the request body: the <c>file</c> part is converted to
/// Parquet as it arrives (never buffered whole, in memory or on disk), the text fields are kept. Fields may come before
/// or after the file. On any failure the staged Parquet is deleted when this is disposed.
/// </summary>
public sealed class MultipartUpload : IDisposable
{
    public const string FilePart = "file";

    private readonly Dictionary<string, string> _fields = new(StringComparer.OrdinalIgnoreCase);

    public StagedFile? Parquet { get; private set; }
    public string? FileName { get; private set; }
    public IngestResult? Ingested { get; private set; }

    public string? Field(string name) => _fields.GetValueOrDefault(name);

    public delegate Task<IngestResult> Convert(Stream file, string parquetPath, CancellationToken cancellationToken);

    /// <summary>Reads the whole request; <see cref="UploadRejected"/> explains a request that is not a usable upload.</summary>
    public static async Task<MultipartUpload> ReadAsync(
        HttpRequest request, Func<StagedFile> stage, Convert convert, int maxFieldBytes, CancellationToken cancellationToken)
    {
        var boundary = BoundaryOf(request);
        var upload = new MultipartUpload();
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data"))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() || name.Equals(FilePart, StringComparison.OrdinalIgnoreCase))
                {
                    await upload.ReadFileAsync(section, disposition, stage, convert, cancellationToken);
                }
                else
                {
                    upload._fields[name] = await ReadFieldAsync(section, name, maxFieldBytes, cancellationToken);
                }
            }

            return upload;
        }
        catch (Exception malformed) when (malformed.IsMalformedForm(request.HttpContext))
        {
            upload.Dispose();
            throw new UploadRejected($"The multipart/form-data body cannot be read ({malformed.Message}). Send complete parts: the CSV in 'file', and 'name'.");
        }
        catch
        {
            upload.Dispose();
            throw;
        }
    }

    public void Dispose() => Parquet?.Dispose();

    private async Task ReadFileAsync(
        MultipartSection section, ContentDispositionHeaderValue disposition, Func<StagedFile> stage, Convert convert, CancellationToken cancellationToken)
    {
        if (Parquet is not null)
        {
            throw new UploadRejected("More than one file was sent. Send exactly one CSV file in the form field 'file'.");
        }

        FileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
            ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "upload.csv");
        if (FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || FileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadRejected($"'{FileName}' is an Excel workbook; only CSV is accepted. Save the sheet as CSV (UTF-8) and upload that.");
        }

        Parquet = stage();
        Ingested = await convert(section.Body, Parquet.Path, cancellationToken);
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length <= maxBytes && (read = await section.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            throw new UploadRejected($"The form field '{name}' is longer than {maxBytes} bytes.");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new UploadRejected($"The form field '{name}' is not valid UTF-8 text.");
        }
    }

    private static string BoundaryOf(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadRejected(
                "Send the upload as multipart/form-data with the CSV in the field 'file' and the dataset's 'name' (and optionally 'description').",
                StatusCodes.Status415UnsupportedMediaType);
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
        {
            throw new UploadRejected("The multipart/form-data content type has no usable boundary.");
        }

        return boundary;
    }
}

/// <summary>An upload request that cannot be used as sent; the message says what to send instead.</summary>
public sealed class UploadRejected(string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
