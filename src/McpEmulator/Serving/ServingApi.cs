using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentProvision.McpEmulator.Serving;

/// <summary>Model Serving endpoints: deploy (NOT_READY, then READY), get, invoke with deterministic answers, delete.</summary>
internal static class ServingApi
{
    public static WebApplicationBuilder AddServing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServingOptions>()
            .Bind(builder.Configuration.GetSection(ServingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddEmulatorState<ServingEndpoints>();
        return builder;
    }

    public static IEndpointRouteBuilder MapServingApi(this IEndpointRouteBuilder routes)
    {
        var endpoint = ConnectorRoutes.ServingEndpoints + "/{name}";
        routes.MapPost(ConnectorRoutes.ServingEndpoints, Deploy).IsConnectorOperation(ConnectorOperations.ServingDeploy);
        routes.MapGet(endpoint, Get).IsConnectorOperation(ConnectorOperations.ServingGet);
        routes.MapPost(endpoint + "/invoke", Invoke).IsConnectorOperation(ConnectorOperations.ServingInvoke);
        routes.MapDelete(endpoint, Delete).IsConnectorOperation(ConnectorOperations.ServingDelete);
        return routes;
    }

    private static Ok<ServingEndpointInfo> Deploy(DeployModelRequest request, ConnectorCall call, ServingEndpoints endpoints)
    {
        call.RequireTenantId(request.TenantId);
        if (string.IsNullOrWhiteSpace(request.ModelName) || string.IsNullOrWhiteSpace(request.ModelVersion))
        {
            throw ConnectorException.InvalidParameter("model_name and model_version are required.");
        }

        return TypedResults.Ok(endpoints.Deploy(request));
    }

    private static Ok<ServingEndpointInfo> Get(string name, ConnectorCall call, ServingEndpoints endpoints)
    {
        call.MentionTenant(endpoints.OwnerOf(name));
        return TypedResults.Ok(endpoints.Get(name));
    }

    private static Ok<InvokeModelResponse> Invoke(string name, InvokeModelRequest request, ConnectorCall call, ServingEndpoints endpoints)
    {
        call.MentionTenant(endpoints.OwnerOf(name));
        return TypedResults.Ok(endpoints.Invoke(name, request));
    }

    private static Ok<Acknowledged> Delete(string name, ConnectorCall call, ServingEndpoints endpoints)
    {
        call.MentionTenant(endpoints.Delete(name));
        return TypedResults.Ok(new Acknowledged("deleted"));
    }
}
