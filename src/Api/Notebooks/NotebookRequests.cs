using System.Text.Json.Serialization;

namespace AgentProvision.Api.Notebooks;

/// <summary><c>content</c> arrives as a string or as the original client's cells object (<see cref="NotebookContent"/>).</summary>
public sealed record CreateNotebookRequest(
    string? Name,
    string? Description,
    string? Language,
    [property: JsonPropertyName("content")] NotebookContent? ContentAsSent)
{
    /// <summary>The content as the plain source string the rest of the API stores and syncs.</summary>
    [JsonIgnore]
    public string? Content => ContentAsSent?.Text;
}

/// <summary>Fields left out (null) keep their value, as in the original API's NotebookUpdate.</summary>
public sealed record UpdateNotebookRequest(
    string? Name,
    string? Description,
    string? Language,
    [property: JsonPropertyName("content")] NotebookContent? ContentAsSent)
{
    /// <summary>The content as the plain source string the rest of the API stores and syncs.</summary>
    [JsonIgnore]
    public string? Content => ContentAsSent?.Text;
}
