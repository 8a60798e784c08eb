using System.Text;
using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Connector;

namespace AgentProvision.SyncWorker.Notebooks;

/// <summary>
/// Brings a notebook's Databricks copy in line with its row. Safe to repeat after any failure: the workspace
/// path is derived from tenant and notebook id, so a retry finds (and adopts) what an earlier attempt created.
/// </summary>
public sealed class NotebookProvisioner(ConnectorClient connector, ILogger<NotebookProvisioner> logger)
{
    /// <summary>Creates or updates the notebook and answers the metadata to store (<c>notebook_path</c>, <c>object_id</c>).</summary>
    public async Task<string> EnsureAsync(Notebook notebook, CancellationToken cancellationToken)
    {
        var tenantId = notebook.TenantId.ToString();
        var path = Notebook.WorkspacePathFor(notebook.TenantId, notebook.Id);
        var existing = await connector.GetNotebookStatusAsync(tenantId, path, cancellationToken);
        var info = existing is null
            ? await CreateAsync(notebook, tenantId, path, cancellationToken)
            : await connector.ImportNotebookAsync(ImportRequest(notebook, tenantId, path, overwrite: true), cancellationToken);
        return MetadataJson(info);
    }

    /// <summary>Removes the remote copy; one that is already gone counts as removed.</summary>
    public async Task<string> DeleteAsync(Notebook notebook, CancellationToken cancellationToken)
    {
        var path = Notebook.WorkspacePathFor(notebook.TenantId, notebook.Id);
        var deleted = await connector.DeleteNotebookAsync(new DeleteNotebookRequest(notebook.TenantId.ToString(), path), cancellationToken);
        logger.LogInformation("Notebook {NotebookId} removed from Databricks at {Path} (was present: {WasPresent})", notebook.Id, path, deleted);
        return notebook.Metadata;
    }

    private async Task<WorkspaceObjectInfo> CreateAsync(Notebook notebook, string tenantId, string path, CancellationToken cancellationToken)
    {
        var request = ImportRequest(notebook, tenantId, path, overwrite: false);
        try
        {
            return await connector.ImportNotebookAsync(request, cancellationToken);
        }
        catch (ConnectorException missingParent) when (missingParent.ErrorCode == ConnectorErrorCodes.ResourceDoesNotExist)
        {
            // Databricks makes no parent folders on import: make them, then import again.
            await connector.MkdirsAsync(new MkdirsRequest(tenantId, ParentOf(path)), cancellationToken);
            return await ImportAdoptingExistingAsync(request, cancellationToken);
        }
        catch (ConnectorException exists) when (exists.ErrorCode == ConnectorErrorCodes.ResourceAlreadyExists)
        {
            return await AdoptAsync(request, cancellationToken);
        }
    }

    private async Task<WorkspaceObjectInfo> ImportAdoptingExistingAsync(ImportNotebookRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await connector.ImportNotebookAsync(request, cancellationToken);
        }
        catch (ConnectorException exists) when (exists.ErrorCode == ConnectorErrorCodes.ResourceAlreadyExists)
        {
            return await AdoptAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// The path is ours by construction, so "already exists" means an earlier attempt created it and its answer
    /// was lost (a timeout, a crash). Overwrite it with the current content instead of creating a second one.
    /// </summary>
    private async Task<WorkspaceObjectInfo> AdoptAsync(ImportNotebookRequest request, CancellationToken cancellationToken)
    {
        logger.LogInformation("Adopting existing Databricks notebook at {Path}", request.Path);
        return await connector.ImportNotebookAsync(request with { Overwrite = true }, cancellationToken);
    }

    private static ImportNotebookRequest ImportRequest(Notebook notebook, string tenantId, string path, bool overwrite) =>
        new(tenantId, path, notebook.Language, Convert.ToBase64String(Encoding.UTF8.GetBytes(notebook.Content)), overwrite);

    private static string ParentOf(string path) => path[..path.LastIndexOf('/')];

    private static string MetadataJson(WorkspaceObjectInfo info) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["notebook_path"] = info.Path,
        ["object_id"] = info.ObjectId,
    });
}
