namespace AgentProvision.Api.Pipelines;

/// <summary>Stub: replaced by the pipelines work.</summary>
public static class PipelinesApi
{
    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder routes) => routes;
}
