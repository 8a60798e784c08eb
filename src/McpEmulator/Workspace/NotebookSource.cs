using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Workspace;

/// <summary>The checked, decoded content of a notebook import (SOURCE format only, as the contract fixes).</summary>
internal sealed record NotebookSource(string Language, byte[] Content)
{
    public const string SourceFormat = "SOURCE";

    /// <summary>Databricks' import limit on the decoded content.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly string[] Languages = ["PYTHON", "SQL", "SCALA", "R"];

    public static NotebookSource From(ImportNotebookRequest request)
    {
        if (request.Format != SourceFormat)
        {
            throw ConnectorException.InvalidParameter($"format '{request.Format}' is not supported; use {SourceFormat}.");
        }

        if (!Languages.Contains(request.Language))
        {
            throw ConnectorException.InvalidParameter(
                $"language '{request.Language}' is not supported for {SourceFormat}; use one of {string.Join(", ", Languages)}.");
        }

        var content = Decode(request.Content);
        if (content.Length > MaxBytes)
        {
            throw new ConnectorException(
                StatusCodes.Status400BadRequest, ConnectorErrorCodes.MaxNotebookSizeExceeded,
                $"File size imported is ({content.Length} bytes), exceeded max size ({MaxBytes} bytes)");
        }

        return new NotebookSource(request.Language, content);
    }

    private static byte[] Decode(string? base64)
    {
        if (base64 is null)
        {
            throw ConnectorException.InvalidParameter("content is required (base64).");
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw ConnectorException.InvalidParameter("content is not valid base64.");
        }
    }
}
