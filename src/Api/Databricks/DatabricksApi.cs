using System.Security.Claims;
using System.Text.Json;
using AgentProvision.Api.Auth;
using AgentProvision.Api.Sync;
using AgentProvision.Connector;
using AgentProvision.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Databricks;

/// <summary>
/// The original system's Databricks router (seed-contract.md §2.5, §5), with its shapes, fixed where it was broken:
/// status and health never answer 500 when the connector is down, initialize syncs through the outbox, usage works.
/// </summary>
public static class DatabricksApi
{
    private const string NotEnabled = "Databricks integration is not enabled";

    public static RouteGroupBuilder MapDatabricksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/databricks").WithTags("Databricks");
        group.MapGet("/health", Health).WithName("DatabricksHealth").AllowAnonymous()
            .WithSummary("Tells whether the connector is reachable and connected to Databricks.");
        group.MapGet("/status", Status).WithName("DatabricksStatus").RequireAuthorization()
            .WithSummary("Gets the connector's health and the tenant's Databricks catalog.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/initialize", Initialize).WithName("DatabricksInitialize").RequireAuthorization()
            .WithSummary("Creates the tenant's Databricks catalog and syncs its local-only resources.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/usage", Usage).WithName("DatabricksUsage").RequireAuthorization()
            .WithSummary("Counts how much of the tenant's work is in Databricks, per kind.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    /// <summary>Public: is the connector reachable and connected to Databricks. Always 200, as in the original.</summary>
    private static async Task<Ok<DatabricksHealthResponse>> Health([AsParameters] DatabricksServices services, CancellationToken cancellationToken)
    {
        if (!services.Mcp.Enabled)
        {
            return TypedResults.Ok(new DatabricksHealthResponse("disabled", McpEnabled: false));
        }

        using var deadline = services.LiveCallDeadline(cancellationToken);
        try
        {
            var health = await services.Connector.GetHealthAsync(deadline.Token);
            return TypedResults.Ok(new DatabricksHealthResponse(
                health.IsHealthy ? "healthy" : "unhealthy", McpEnabled: true, services.Mcp.ServerUrl, health.DatabricksConnected));
        }
        catch (Exception failure) when (IsConnectorFailure(failure, cancellationToken))
        {
            return TypedResults.Ok(new DatabricksHealthResponse("unhealthy", McpEnabled: true, Error: Describe(failure, services)));
        }
    }

    /// <summary>The tenant's view: connector health and the tenant's catalog, live, within a short deadline.</summary>
    private static async Task<Ok<DatabricksStatusResponse>> Status(
        ClaimsPrincipal user, [AsParameters] DatabricksServices services, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        if (services.Mcp.DisabledReasonFor(tenantId) is { } reason)
        {
            return TypedResults.Ok(new DatabricksStatusResponse(false, reason, services.Mcp.ServerUrl));
        }

        var recorded = await services.Db.TenantCatalogs.AsNoTracking().SingleOrDefaultAsync(c => c.TenantId == tenantId, cancellationToken);
        var ours = recorded is null ? null : SyncBlock.From(recorded);
        using var deadline = services.LiveCallDeadline(cancellationToken);
        try
        {
            var health = await services.Connector.GetHealthAsync(deadline.Token);
            var catalog = await services.Connector.GetCatalogStatusAsync(tenantId.ToString(), deadline.Token);
            return TypedResults.Ok(new DatabricksStatusResponse(
                true,
                McpServer: new McpServerStatus(services.Mcp.ServerUrl, health.IsHealthy, health.DatabricksConnected),
                TenantCatalog: new TenantCatalogStatus(catalog.Exists, catalog.CatalogName ?? recorded?.CatalogName, catalog.Schemas ?? [], Sync: ours),
                Capabilities: ConnectorCapabilities.OfContract));
        }
        catch (Exception failure) when (IsConnectorFailure(failure, cancellationToken))
        {
            return TypedResults.Ok(new DatabricksStatusResponse(
                true,
                McpServer: new McpServerStatus(services.Mcp.ServerUrl, Healthy: false, Error: Describe(failure, services)),
                TenantCatalog: new TenantCatalogStatus(false, recorded?.CatalogName, Error: "Could not check catalog status", Sync: ours)));
        }
    }

    /// <summary>202 while the catalog syncs (or 200 once it has), the same catalog on every call.</summary>
    private static async Task<Results<Ok<InitializeResponse>, Accepted<InitializeResponse>, ProblemHttpResult>> Initialize(
        ClaimsPrincipal user, [AsParameters] DatabricksServices services, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        if (services.Mcp.DisabledReasonFor(tenantId) is { } reason)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Databricks integration disabled",
                detail: NotEnabled, extensions: new Dictionary<string, object?> { ["reason"] = reason });
        }

        var outcome = await CatalogInitializer.InitializeAsync(services.Db, tenantId, services.Mcp, services.Clock, cancellationToken);
        var catalog = outcome.Catalog;
        var (schemas, url) = RemoteDetails(catalog);
        if (outcome.AlreadySynced)
        {
            return TypedResults.Ok(new InitializeResponse("Databricks resources initialized successfully",
                catalog.CatalogName, schemas, url, SyncBlock.From(catalog), outcome.Backfilled));
        }

        return TypedResults.Accepted("/api/v1/databricks/status", new InitializeResponse(
            "Databricks initialization accepted: the catalog is being created; GET /api/v1/databricks/status shows its progress",
            catalog.CatalogName, schemas, url, SyncBlock.From(catalog), outcome.Backfilled));
    }

    /// <summary>How much of the tenant's work is in Databricks, per kind; from the database alone.</summary>
    internal static async Task<Ok<UsageResponse>> Usage(
        ClaimsPrincipal user, [AsParameters] DatabricksServices services, UsageQuery query, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        var resources = await query.RunAsync(services.DataSource, tenantId, services.Clock.GetUtcNow(), cancellationToken);
        var percentages = resources.ToDictionary(
            pair => pair.Key,
            pair => Math.Round(pair.Value.InDatabricks * 100.0 / Math.Max(pair.Value.Total, 1), 1));
        return TypedResults.Ok(new UsageResponse(tenantId, services.Mcp.IsEnabledFor(tenantId), resources, percentages));
    }

    private static (IReadOnlyList<string> Schemas, string? Url) RemoteDetails(TenantCatalog catalog)
    {
        using var metadata = JsonDocument.Parse(catalog.Metadata);
        var root = metadata.RootElement;
        var schemas = root.TryGetProperty("schemas", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.GetString() ?? "").ToArray()
            : [];
        var url = root.TryGetProperty("catalog_url", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return (schemas, url);
    }

    /// <summary>The connector failed or ran out of its deadline (not the caller hanging up).</summary>
    private static bool IsConnectorFailure(Exception failure, CancellationToken requestAborted) =>
        failure is ConnectorException || (failure is OperationCanceledException && !requestAborted.IsCancellationRequested);

    private static string Describe(Exception failure, DatabricksServices services)
    {
        var text = failure is ConnectorException connector
            ? $"{connector.ErrorCode}: {connector.ConnectorMessage}"
            : $"The connector did not answer within {services.Mcp.StatusTimeout.TotalSeconds:0.#} s";
        services.Logger.LogWarning("Databricks connector check failed: {Error}", text);
        return text;
    }
}
