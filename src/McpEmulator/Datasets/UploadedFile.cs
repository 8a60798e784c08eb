using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>The multipart field <c>file</c> of upload_dataset_file, or the caller's 400 saying what is missing.</summary>
internal static class UploadedFile
{
    public const string FieldName = "file";

    public static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            throw ConnectorException.InvalidParameter(
                $"Expected a multipart/form-data body with the field '{FieldName}', got Content-Type '{request.ContentType}'.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException error)
        {
            throw ConnectorException.InvalidParameter("The multipart body cannot be read: " + error.Message);
        }

        var file = form.Files.GetFile(FieldName)
            ?? throw ConnectorException.InvalidParameter($"The multipart body has no file field '{FieldName}'.");
        using var content = new MemoryStream();
        await file.CopyToAsync(content, request.HttpContext.RequestAborted);
        return content.ToArray();
    }
}
