namespace AgentProvision.Api.Runs;

/// <summary>Stub: replaced by the runs work.</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes) => routes;
}
