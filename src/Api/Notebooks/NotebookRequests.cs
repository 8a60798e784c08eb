namespace AgentProvision.Api.Notebooks;

public sealed record CreateNotebookRequest(string? Name, string? Description, string? Language, string? Content);

/// <summary>Fields left out (null) keep their value, as in the original API's NotebookUpdate.</summary>
public sealed record UpdateNotebookRequest(string? Name, string? Description, string? Language, string? Content);
