using System.Text.Json;

namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// Finds the tenant of a call answered before its handler ran (wrong API key, injected fault), so its log line
/// still names the tenant: from the <c>tenant_id</c> path or query parameter, or from the JSON body, which is buffered
/// and rewound so a handler that runs afterwards reads it whole.
/// </summary>
internal static class RequestTenant
{
    private const string TenantId = "tenant_id";

    public static async Task<string?> PeekAsync(HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue(TenantId, out var fromPath) && fromPath is string pathTenant)
        {
            return pathTenant;
        }

        if (context.Request.Query.TryGetValue(TenantId, out var fromQuery))
        {
            return fromQuery.ToString();
        }

        if (!context.Request.HasJsonContentType())
        {
            return null;
        }

        context.Request.EnableBuffering();
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty(TenantId, out var tenantId)
                && tenantId.ValueKind == JsonValueKind.String
                    ? tenantId.GetString()
                    : null;
        }
        catch (JsonException)
        {
            // Malformed JSON: the handler's model binding will say so; the log line just has no tenant.
            return null;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
