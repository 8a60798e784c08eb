using AgentProvision.Api.Sync;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Api.Notebooks;

public sealed record NotebookResponse(
    Guid Id,
    Guid TenantId,
    string Name,
    string? Description,
    string Language,
    string Content,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    SyncBlock Sync)
{
    public static NotebookResponse From(Notebook notebook) => new(
        notebook.Id,
        notebook.TenantId,
        notebook.Name,
        notebook.Description,
        notebook.Language,
        notebook.Content,
        notebook.CreatedAt,
        notebook.UpdatedAt,
        SyncBlock.From(notebook));
}
