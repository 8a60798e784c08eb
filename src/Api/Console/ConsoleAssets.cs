using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentProvision.Api.TenantConsole;

/// <summary>The console's stylesheet and script, embedded in the API (no CDN, no Node build).</summary>
public static class ConsoleAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["console.css"] = "text/css; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/console/assets/{name}", Asset).AllowAnonymous().ExcludeFromDescription().WithName("ConsoleAsset");
        return routes;
    }

    private static Results<FileStreamHttpResult, NotFound> Asset(string name, HttpResponse response)
    {
        if (!Types.TryGetValue(name, out var contentType)
            || typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"console/{name}") is not { } stream)
        {
            return TypedResults.NotFound();
        }

        response.Headers.CacheControl = "no-cache";
        return TypedResults.Stream(stream, contentType);
    }
}
