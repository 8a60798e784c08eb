namespace AgentProvision.Persistence.Entities;

public sealed class Notebook : SyncedResource, IResourceKind
{
    public static string Kind => "notebook";

    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Databricks source language: PYTHON, SQL, SCALA or R.</summary>
    public required string Language { get; set; }

    public string Content { get; set; } = "";

    /// <summary>
    /// The name the notebook is created with in Databricks. Derived from the id alone (never from the user's name,
    /// which can change), so a retried create meets its own earlier object instead of making a second one.
    /// </summary>
    public static string DatabricksNameFor(Guid notebookId) => $"notebook_{notebookId:N}";
}
