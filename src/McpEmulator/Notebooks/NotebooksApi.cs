using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Workspace;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Notebooks;

/// <summary>
/// create_notebook, get_notebook, update_notebook, delete_notebook and the lookup extension. Refusals are thrown by
/// <see cref="WorkspaceTree"/> as Databricks' workspace API answers them.
/// </summary>
internal static class NotebooksApi
{
    private const string DeletedStatus = "deleted";

    public static IEndpointRouteBuilder MapNotebooksApi(this IEndpointRouteBuilder routes)
    {
        const string tenantNotebooks = ConnectorRoutes.Notebooks + "/{tenant_id}";
        routes.MapPost(ConnectorRoutes.Notebooks, Create).IsConnectorOperation(ConnectorOperations.NotebooksCreate);
        routes.MapGet(tenantNotebooks, Get).IsConnectorOperation(ConnectorOperations.NotebooksGet);
        routes.MapPut(tenantNotebooks, Update).IsConnectorOperation(ConnectorOperations.NotebooksUpdate);
        routes.MapDelete(tenantNotebooks, Delete).IsConnectorOperation(ConnectorOperations.NotebooksDelete);
        routes.MapGet(tenantNotebooks + "/lookup", Lookup).IsConnectorOperation(ConnectorOperations.NotebooksLookup).IsExtension();
        return routes;
    }

    /// <summary>mkdirs of the tenant folder, then an import without overwrite: an existing name is 400 RESOURCE_ALREADY_EXISTS.</summary>
    private static Ok<NotebookInfo> Create(CreateNotebookRequest request, ConnectorCall call, WorkspaceUrls urls)
    {
        var workspace = call.Tenant(request.TenantId).Workspace;
        var path = NotebookPaths.For(request.TenantId, request.Name);
        var language = NotebookSource.Language(request.Language);
        var content = NotebookSource.Content(request.Content);
        workspace.Mkdirs(path.Parent);
        return TypedResults.Ok(Info(workspace.Import(path, language, content), urls));
    }

    private static Ok<NotebookDetails> Get(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromQuery] string? path, ConnectorCall call, WorkspaceUrls urls)
    {
        var notebook = call.Tenant(tenantId).Workspace.FindNotebook(NotebookPaths.Parse(path));
        return TypedResults.Ok(new NotebookDetails(
            notebook.Path, notebook.ObjectId, notebook.Language!, urls.Notebook(notebook.ObjectId), notebook.Content ?? "", notebook.ModifiedAt));
    }

    /// <summary>Replaces the content; <c>language</c> is an extension, ignored while extensions are off.</summary>
    private static Ok<NotebookInfo> Update(
        [FromRoute(Name = "tenant_id")] string tenantId, UpdateNotebookRequest request,
        ConnectorCall call, ExtensionSwitch extensions, WorkspaceUrls urls)
    {
        var workspace = call.Tenant(tenantId).Workspace;
        var path = NotebookPaths.Parse(request.Path);
        var language = extensions.Honour(request.Language) is { } requested ? NotebookSource.Language(requested) : null;
        var content = NotebookSource.Content(request.Content);
        return TypedResults.Ok(Info(workspace.Replace(path, content, language), urls));
    }

    private static Ok<Acknowledged> Delete(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromQuery] string? path, ConnectorCall call)
    {
        call.Tenant(tenantId).Workspace.Delete(NotebookPaths.Parse(path));
        return TypedResults.Ok(new Acknowledged(DeletedStatus));
    }

    /// <summary>Extension: the notebook created under <c>name</c>, so a client that lost create's answer can find it.</summary>
    private static Ok<NotebookInfo> Lookup(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromQuery] string? name, ConnectorCall call, WorkspaceUrls urls)
    {
        var workspace = call.Tenant(tenantId).Workspace;
        return TypedResults.Ok(Info(workspace.FindNotebook(NotebookPaths.For(tenantId, name)), urls));
    }

    private static NotebookInfo Info(WorkspaceNode notebook, WorkspaceUrls urls)
        => new(notebook.Path, notebook.ObjectId, notebook.Language!, urls.Notebook(notebook.ObjectId));
}
