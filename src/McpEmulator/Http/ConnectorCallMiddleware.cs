using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Faults;
using AgentProvision.McpEmulator.Introspection;
using Microsoft.Extensions.Options;

namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// Wraps every connector route (those carrying <see cref="ConnectorOperation"/>): counts the call, logs its outcome,
/// answers switched-off extensions as missing routes, checks the Bearer key, adds the base latency and lets a fault
/// rule take over. Runs before model binding, so even a malformed request is counted and can be faulted.
/// </summary>
internal sealed partial class ConnectorCallMiddleware(
    RequestDelegate next,
    IOptions<EmulatorOptions> options,
    CallCounter calls,
    TraceRecorder traces,
    FaultInjector faults,
    ExtensionSwitch extensions,
    MissingExtensionAnswer missingExtension,
    IHostApplicationLifetime lifetime,
    ILogger<ConnectorCallMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, ConnectorCall call)
    {
        var endpoint = context.GetEndpoint();
        var operation = endpoint?.Metadata.GetMetadata<ConnectorOperation>();
        if (operation is null)
        {
            await next(context);
            return;
        }

        calls.Record(operation.Name);
        traces.Record(operation.Name, context.Request.Headers["traceparent"].ToString());
        // Logged once the answer is sent, so the line carries the final status whoever wrote it (handler, fault or error handler).
        context.Response.OnCompleted(() =>
        {
            LogCall(logger, operation.Name, call.TenantId ?? "-", context.Response.StatusCode, FaultRule.Describe(call.Fault));
            calls.RecordForTenant(operation.Name, call.TenantId);
            return Task.CompletedTask;
        });

        // Before the key check: a server without the route answers 404/405 whatever the caller sends, as FastAPI routes first.
        if (!extensions.Enabled && endpoint!.Metadata.GetMetadata<ExtensionRoute>() is not null)
        {
            await missingExtension.WriteAsync(context);
            return;
        }

        if (operation.RequiresApiKey && !HasExpectedBearerKey(context))
        {
            call.MentionTenant(await RequestTenant.PeekAsync(context));
            await ConnectorErrors.WriteAsync(
                context, StatusCodes.Status401Unauthorized, ConnectorErrorCodes.Unauthenticated,
                $"Missing or wrong API key: send 'Authorization: {ConnectorRoutes.AuthorizationScheme} <key>'.");
            return;
        }

        if (options.Value.LatencyMs > 0)
        {
            await Task.Delay(options.Value.LatencyMs, context.RequestAborted);
        }

        var fault = faults.Decide(operation.Name);
        if (fault is null)
        {
            await next(context);
            return;
        }

        call.Fault = fault.Mode;
        call.MentionTenant(await RequestTenant.PeekAsync(context));
        await FaultResponder.RespondAsync(fault, context, next, lifetime.ApplicationStopping);
    }

    private bool HasExpectedBearerKey(HttpContext context)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var prefix = ConnectorRoutes.AuthorizationScheme + " ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && string.Equals(header[prefix.Length..].Trim(), expected, StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Connector call {Operation} for tenant {TenantId} answered {StatusCode} (fault: {Fault})")]
    private static partial void LogCall(ILogger logger, string operation, string tenantId, int statusCode, string fault);
}
