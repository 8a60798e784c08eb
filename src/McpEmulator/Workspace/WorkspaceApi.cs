using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Workspace;

/// <summary>Workspace folders and notebooks. Refusals are thrown by <see cref="WorkspaceTree"/> as Databricks answers them.</summary>
internal static class WorkspaceApi
{
    public static IEndpointRouteBuilder MapWorkspaceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ConnectorRoutes.WorkspaceMkdirs, Mkdirs).IsConnectorOperation(ConnectorOperations.WorkspaceMkdirs);
        routes.MapPost(ConnectorRoutes.NotebookImport, Import).IsConnectorOperation(ConnectorOperations.NotebooksImport);
        routes.MapGet(ConnectorRoutes.NotebookStatus, Status).IsConnectorOperation(ConnectorOperations.NotebooksStatus);
        routes.MapPost(ConnectorRoutes.NotebookDelete, Delete).IsConnectorOperation(ConnectorOperations.NotebooksDelete);
        routes.MapGet(ConnectorRoutes.NotebookExport, Export).IsConnectorOperation(ConnectorOperations.NotebooksExport);
        return routes;
    }

    private static Ok<EmptyBody> Mkdirs(MkdirsRequest request, ConnectorCall call)
    {
        var workspace = call.Tenant(request.TenantId).Workspace;
        workspace.Mkdirs(WorkspacePath.Parse(request.Path));
        return TypedResults.Ok(EmptyBody.Instance);
    }

    private static Ok<WorkspaceObjectInfo> Import(ImportNotebookRequest request, ConnectorCall call)
    {
        var workspace = call.Tenant(request.TenantId).Workspace;
        var path = WorkspacePath.Parse(request.Path);
        var source = NotebookSource.From(request);
        return TypedResults.Ok(workspace.Import(path, source, request.Overwrite).ToInfo());
    }

    private static Ok<WorkspaceObjectInfo> Status(
        [FromQuery(Name = "tenant_id")] string? tenantId, [FromQuery] string? path, ConnectorCall call)
    {
        var workspace = call.Tenant(tenantId).Workspace;
        return TypedResults.Ok(workspace.Status(WorkspacePath.Parse(path)).ToInfo());
    }

    private static Ok<ExportNotebookResponse> Export(
        [FromQuery(Name = "tenant_id")] string? tenantId, [FromQuery] string? path, ConnectorCall call)
    {
        var workspace = call.Tenant(tenantId).Workspace;
        var node = workspace.Status(WorkspacePath.Parse(path));
        if (node.IsDirectory)
        {
            throw ConnectorException.InvalidParameter($"Path ({node.Path}) is a directory; only notebooks can be exported in SOURCE format.");
        }

        return TypedResults.Ok(new ExportNotebookResponse(Convert.ToBase64String(node.Content ?? []), node.Language));
    }

    private static Ok<EmptyBody> Delete(DeleteNotebookRequest request, ConnectorCall call)
    {
        var workspace = call.Tenant(request.TenantId).Workspace;
        workspace.Delete(WorkspacePath.Parse(request.Path));
        return TypedResults.Ok(EmptyBody.Instance);
    }
}
