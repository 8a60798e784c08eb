using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentProvision.ServiceDefaults;

/// <summary>
/// Health answers as JSON that says why: <c>{"status": "Unhealthy", "checks": {"rabbitmq": {"status": …, "description":
/// "RabbitMQ unreachable since …"}}}</c>. The status code stays ASP.NET Core's (503 when unhealthy), which is what
/// orchestrators and load balancers read; the body is for the operator looking at it.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
