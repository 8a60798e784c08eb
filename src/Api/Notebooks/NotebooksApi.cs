using System.Security.Claims;
using AgentProvision.Api.Auth;
using AgentProvision.Api.Sync;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Notebooks;

public static class NotebooksApi
{
    public static RouteGroupBuilder MapNotebooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/notebooks").WithTags("Notebooks").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/", Create).WithName("CreateNotebook")
            .WithSummary("Creates a notebook and syncs it to Databricks.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", List).WithName("ListNotebooks")
            .WithSummary("Lists the tenant's notebooks, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", Get).WithName("GetNotebook")
            .WithSummary("Gets a notebook.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", Update).WithName("UpdateNotebook")
            .WithSummary("Changes a notebook and syncs the change.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPatch("/{id:guid}", Update).WithName("PatchNotebook")
            .WithSummary("Changes a notebook and syncs the change (as PUT does).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteNotebook")
            .WithSummary("Deletes a notebook here and, in the background, in Databricks.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/retry", Retry).WithName("RetryNotebookSync")
            .WithSummary("Retries a notebook whose sync failed.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal static async Task<Results<Created<NotebookResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateNotebookRequest request, ClaimsPrincipal user, [AsParameters] NotebookServices services, CancellationToken cancellationToken)
    {
        var errors = NotebookValidation.Validate(request);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (NotebookValidation.DescribeOversizedContent(request.Content, services.Notebooks.MaxContentBytes) is { } tooLarge)
        {
            return ContentTooLarge(tooLarge);
        }

        var now = services.Clock.GetUtcNow();
        var notebook = new Notebook
        {
            Id = Guid.CreateVersion7(),
            TenantId = user.GetTenantId(),
            Name = request.Name!.Trim(),
            Description = request.Description,
            Language = request.Language?.ToUpperInvariant() ?? "PYTHON",
            Content = request.Content ?? "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        services.Db.Notebooks.Add(notebook);
        services.Db.RequestSyncOrKeepLocal(notebook, services.Mcp, services.Clock);
        await services.Db.SaveInOneRoundTripAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/notebooks/{notebook.Id}", NotebookResponse.From(notebook));
    }

    internal static async Task<Ok<NotebookResponse[]>> List(
        ClaimsPrincipal user, [AsParameters] NotebookServices services, CancellationToken cancellationToken,
        [FromQuery] int skip = 0, [FromQuery] int limit = 100)
    {
        var notebooks = await services.Db.Notebooks.AsNoTracking()
            .Where(n => n.TenantId == user.GetTenantId() && n.DeletedAt == null)
            .OrderByDescending(n => n.CreatedAt)
            .Skip(Math.Max(skip, 0))
            .Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(notebooks.Select(NotebookResponse.From).ToArray());
    }

    internal static async Task<Results<Ok<NotebookResponse>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, [AsParameters] NotebookServices services, CancellationToken cancellationToken)
    {
        var notebook = await FindAsync(id, user, services, cancellationToken);
        return notebook is null ? NotFound(id) : TypedResults.Ok(NotebookResponse.From(notebook));
    }

    internal static async Task<Results<Ok<NotebookResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateNotebookRequest request, ClaimsPrincipal user, [AsParameters] NotebookServices services, CancellationToken cancellationToken)
    {
        var errors = NotebookValidation.Validate(request);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (NotebookValidation.DescribeOversizedContent(request.Content, services.Notebooks.MaxContentBytes) is { } tooLarge)
        {
            return ContentTooLarge(tooLarge);
        }

        var notebook = await FindAsync(id, user, services, cancellationToken);
        if (notebook is null)
        {
            return NotFound(id);
        }

        var before = (notebook.Name, notebook.Description, notebook.Language, notebook.Content);
        notebook.Name = request.Name?.Trim() ?? notebook.Name;
        notebook.Description = request.Description ?? notebook.Description;
        notebook.Language = request.Language?.ToUpperInvariant() ?? notebook.Language;
        notebook.Content = request.Content ?? notebook.Content;
        if (before == (notebook.Name, notebook.Description, notebook.Language, notebook.Content))
        {
            // Nothing changed: no new generation, no sync.
            return TypedResults.Ok(NotebookResponse.From(notebook));
        }

        notebook.Generation++;
        services.Db.RequestSyncOrKeepLocal(notebook, services.Mcp, services.Clock);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(NotebookResponse.From(notebook));
    }

    /// <summary>
    /// Hides the notebook at once and removes its Databricks copy in the background (202); the row stays,
    /// in <c>deleting</c>, until the remote copy is gone. A notebook that was never synced is gone at once (204).
    /// </summary>
    internal static async Task<Results<Accepted<NotebookResponse>, NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal user, [AsParameters] NotebookServices services, CancellationToken cancellationToken)
    {
        var notebook = await FindAsync(id, user, services, cancellationToken);
        if (notebook is null)
        {
            return NotFound(id);
        }

        var now = services.Clock.GetUtcNow();
        notebook.DeletedAt = now;
        notebook.Generation++;
        if (notebook.SyncStatus == SyncStatus.LocalOnly || !services.Mcp.IsEnabledFor(notebook.TenantId))
        {
            notebook.SyncStatus = SyncStatus.Deleted;
            notebook.NextAttemptAt = null;
            notebook.UpdatedAt = now;
            await services.Db.SaveChangesAsync(cancellationToken);
            return TypedResults.NoContent();
        }

        services.Db.RequestSync(notebook, services.Clock, services.Mcp.SyncDeadline);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/notebooks/{id}", NotebookResponse.From(notebook));
    }

    /// <summary>Puts a failed notebook back in line, with a fresh attempt budget.</summary>
    internal static async Task<Results<Accepted<NotebookResponse>, ProblemHttpResult>> Retry(
        Guid id, ClaimsPrincipal user, [AsParameters] NotebookServices services, CancellationToken cancellationToken)
    {
        var notebook = await FindAsync(id, user, services, cancellationToken);
        if (notebook is null)
        {
            return NotFound(id);
        }

        if (SyncRetry.RefuseUnlessFailed(notebook, "notebook") is { } refused)
        {
            return refused;
        }

        services.Db.RequestSync(notebook, services.Clock, services.Mcp.SyncDeadline);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/notebooks/{id}", NotebookResponse.From(notebook));
    }

    /// <summary>Scoped to the caller's tenant: another tenant's notebook is simply not found.</summary>
    private static Task<Notebook?> FindAsync(Guid id, ClaimsPrincipal user, NotebookServices services, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        return services.Db.Notebooks.FindLiveAsync(tenantId, id, cancellationToken);
    }

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Notebook {id} does not exist.");

    private static ProblemHttpResult ContentTooLarge(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Notebook content too large", detail: detail);
}
