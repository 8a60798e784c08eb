using Microsoft.AspNetCore.Routing.Patterns;

namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// Answers a switched-off extension route as a server without it would: 405 when the original contract has the same
/// path for other methods (<c>GET /databricks/jobs</c> beside create_job's POST, <c>PUT /databricks/jobs/{id}</c> beside
/// GET and DELETE), otherwise 404; a FastAPI router decides the same way.
/// </summary>
internal sealed class MissingExtensionAnswer(EndpointDataSource endpoints)
{
    public Task WriteAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint extension)
        {
            return SeedServerAnswers.WriteAsync(context, StatusCodes.Status404NotFound);
        }

        var otherMethods = OriginalMethodsOf(extension.RoutePattern);
        return otherMethods.Count == 0
            ? SeedServerAnswers.WriteAsync(context, StatusCodes.Status404NotFound)
            : SeedServerAnswers.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, otherMethods);
    }

    private List<string> OriginalMethodsOf(RoutePattern pattern)
        => endpoints.Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<ExtensionRoute>() is null)
            .Where(endpoint => SameTemplate(endpoint.RoutePattern, pattern))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Parameter names may differ between two routes of one path; only the shape counts.</summary>
    private static bool SameTemplate(RoutePattern left, RoutePattern right)
        => Shape(left) == Shape(right);

    private static string Shape(RoutePattern pattern)
        => string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content.ToLowerInvariant(),
            RoutePatternParameterPart => "{}",
            _ => "?",
        }))));
}
