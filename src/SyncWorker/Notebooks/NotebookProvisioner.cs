using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;

namespace AgentProvision.SyncWorker.Notebooks;

/// <summary>
/// Makes a notebook's Databricks copy match its row, through the original contract: create once under a name derived
/// from the notebook's id, update in place by the path the connector answered, delete by that path. In the common case
/// each sync is one call. A create that meets "already exists" is the answer an earlier attempt lost: the notebook is
/// found by name (an extension) and adopted, never created twice.
/// </summary>
public sealed class NotebookProvisioner(ConnectorClient connector, ConnectorExtensionSupport extensions, ILogger<NotebookProvisioner> logger)
    : IResourceProvisioner<Notebook>
{
    public async Task<string> EnsureAsync(Notebook notebook, CancellationToken cancellationToken)
    {
        var tenantId = notebook.TenantId.ToString();
        if (NotebookMetadata.PathOf(notebook.Metadata) is { } path)
        {
            try
            {
                var updated = await UpdateAsync(notebook, tenantId, path, cancellationToken);
                // The original client ignored update's answer, so a server may send no notebook back: keep what we knew.
                return updated.Path is null ? notebook.Metadata : NotebookMetadata.Synced(updated);
            }
            catch (ConnectorException gone) when (gone.IsNotFound)
            {
                logger.LogWarning("Notebook {NotebookId} was removed from Databricks out of band ({Path}); creating it again", notebook.Id, path);
            }
        }

        return NotebookMetadata.Synced(await CreateOrAdoptAsync(notebook, tenantId, cancellationToken));
    }

    public async Task<string> RemoveAsync(Notebook notebook, CancellationToken cancellationToken)
    {
        var tenantId = notebook.TenantId.ToString();
        var path = NotebookMetadata.PathOf(notebook.Metadata) ?? await FindPathAsync(notebook, tenantId, cancellationToken);
        if (path is not null)
        {
            var wasPresent = await connector.DeleteNotebookAsync(tenantId, path, cancellationToken);
            logger.LogInformation("Notebook {NotebookId} removed from Databricks at {Path} (was present: {WasPresent})", notebook.Id, path, wasPresent);
        }

        return NotebookMetadata.Removed(notebook.Metadata);
    }

    private async Task<NotebookInfo> CreateOrAdoptAsync(Notebook notebook, string tenantId, CancellationToken cancellationToken)
    {
        var name = Notebook.DatabricksNameFor(notebook.Id);
        try
        {
            return await connector.CreateNotebookAsync(
                new CreateNotebookRequest(tenantId, name, LanguageOf(notebook), notebook.Content), cancellationToken);
        }
        catch (ConnectorException exists) when (exists.IsAlreadyExists)
        {
            var found = await connector.LookupNotebookAsync(tenantId, name, cancellationToken);
            if (!found.IsSupported)
            {
                throw new PermanentSyncFailure("NOTEBOOK_ALREADY_EXISTS",
                    $"Databricks already has notebook '{name}', most likely made by an earlier attempt whose answer was lost, and this " +
                    $"connector cannot look notebooks up by name. Delete '{name}' from the tenant's workspace, then retry the notebook " +
                    $"(POST /api/v1/notebooks/{notebook.Id}/retry).");
            }

            // Gone again between the two calls (deleted out of band): a transient state, the next attempt creates it.
            var info = found.Value ?? throw new ConnectorException(null, "NOTEBOOK_VANISHED",
                $"Notebook '{name}' was reported as existing, then not found; trying again.");
            logger.LogInformation("Adopting Databricks notebook {Path}, created by an attempt whose answer was lost", info.Path);
            var updated = await UpdateAsync(notebook, tenantId, info.Path, cancellationToken);
            return updated.Path is null ? info : updated;
        }
    }

    private async Task<NotebookInfo> UpdateAsync(Notebook notebook, string tenantId, string path, CancellationToken cancellationToken)
    {
        var language = LanguageOf(notebook);
        var info = await connector.UpdateNotebookAsync(tenantId, new UpdateNotebookRequest(path, notebook.Content, language), cancellationToken);
        if (info.Path is not null && !string.Equals(info.Language, language, StringComparison.OrdinalIgnoreCase))
        {
            extensions.ReportMissing(ConnectorExtensions.NotebookLanguageUpdate,
                "a notebook's language change is not applied in Databricks; its content is");
        }

        return info;
    }

    /// <summary>
    /// A notebook deleted before we learned its path may still have a remote copy (a create whose answer was lost):
    /// look it up by name. Without the lookup extension there is no way to know; say so once and move on.
    /// </summary>
    private async Task<string?> FindPathAsync(Notebook notebook, string tenantId, CancellationToken cancellationToken)
    {
        var found = await connector.LookupNotebookAsync(tenantId, Notebook.DatabricksNameFor(notebook.Id), cancellationToken);
        return found.IsSupported ? found.Value?.Path : null;
    }

    /// <summary>The original client sent the language in lower case ("python").</summary>
    private static string LanguageOf(Notebook notebook) => notebook.Language.ToLowerInvariant();
}
