using Microsoft.AspNetCore.WebUtilities;

namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// What a FastAPI server (the original MCP server) answers for a route it does not have: 404 <c>{"detail":"Not Found"}</c>,
/// or 405 <c>{"detail":"Method Not Allowed"}</c> with an <c>Allow</c> header when the path exists for other methods.
/// No <c>error_code</c>: that absence is how a client tells "route missing" from "object missing"
/// (404 RESOURCE_DOES_NOT_EXIST).
/// </summary>
internal static class SeedServerAnswers
{
    public static Task WriteAsync(HttpContext context, int statusCode, IEnumerable<string>? allowedMethods = null)
    {
        context.Response.StatusCode = statusCode;
        if (allowedMethods is not null)
        {
            context.Response.Headers.Allow = string.Join(", ", allowedMethods);
        }

        return context.Response.WriteAsJsonAsync(new SeedServerDetail(ReasonPhrases.GetReasonPhrase(statusCode)));
    }

    /// <summary>
    /// Gives ASP.NET Core's empty 404 (no route) and 405 (route, other method) the seed server's bodies; the 405 keeps
    /// the <c>Allow</c> header routing already set.
    /// </summary>
    public static IApplicationBuilder UseSeedServerAnswersForMissingRoutes(this IApplicationBuilder app)
        => app.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
}

/// <summary>FastAPI's error body: <c>{"detail": "..."}</c>.</summary>
internal sealed record SeedServerDetail(string Detail);
