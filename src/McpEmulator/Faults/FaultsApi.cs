using AgentProvision.McpEmulator.Introspection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentProvision.McpEmulator.Faults;

/// <summary><c>/_emulator/faults</c>: replace, list and clear fault rules. Admin routes: no API key, never faulted.</summary>
internal static class FaultsApi
{
    public static IEndpointRouteBuilder MapFaultsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(AdminRoutes.Faults, List);
        routes.MapPut(AdminRoutes.Faults, Replace);
        routes.MapDelete(AdminRoutes.Faults, Clear);
        return routes;
    }

    private static Ok<FaultRuleSet> List(FaultInjector injector) => TypedResults.Ok(new FaultRuleSet(injector.Rules));

    private static Ok<FaultRuleSet> Replace(FaultRuleSet body, FaultInjector injector)
    {
        injector.Replace(body.Rules ?? []);
        return List(injector);
    }

    private static Ok<FaultRuleSet> Clear(FaultInjector injector)
    {
        injector.Clear();
        return List(injector);
    }
}
