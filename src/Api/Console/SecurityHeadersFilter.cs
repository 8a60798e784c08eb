using Microsoft.AspNetCore.Mvc.Filters;

namespace AgentProvision.Api.TenantConsole;

/// <summary>
/// Headers on every console page: scripts, styles and images only from the API itself (no inline script, so markup that
/// slipped through encoding could still not run), forms only to itself, no framing, no MIME sniffing.
/// </summary>
public sealed class SecurityHeadersFilter : IResultFilter
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
