using System.Text;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Notebooks;

/// <summary>Databricks' checks on notebook source: a SOURCE-format language and the 10 MB import limit.</summary>
internal static class NotebookSource
{
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly string[] Languages = ["PYTHON", "SQL", "SCALA", "R"];

    /// <summary>The language as Databricks stores it (upper case); the original client sends <c>python</c>.</summary>
    public static string Language(string? language)
    {
        var stored = language?.ToUpperInvariant();
        if (stored is null || !Languages.Contains(stored))
        {
            throw ConnectorException.InvalidParameter(
                $"language '{language}' is not supported; use one of {string.Join(", ", Languages)} (any case).");
        }

        return stored;
    }

    public static string Content(string? content)
    {
        if (content is null)
        {
            throw ConnectorException.InvalidParameter("content is required.");
        }

        var size = Encoding.UTF8.GetByteCount(content);
        if (size > MaxBytes)
        {
            throw new ConnectorException(
                StatusCodes.Status400BadRequest, ConnectorErrorCodes.MaxNotebookSizeExceeded,
                $"File size imported is ({size} bytes), exceeded max size ({MaxBytes} bytes)");
        }

        return content;
    }
}
