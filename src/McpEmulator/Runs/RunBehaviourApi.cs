using AgentProvision.McpEmulator.Introspection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentProvision.McpEmulator.Runs;

/// <summary><c>/_emulator/runs/behaviour</c>: make the next runs fail, hang or take given durations. Admin route: no key, never faulted.</summary>
internal static class RunBehaviourApi
{
    public static IEndpointRouteBuilder MapRunBehaviourApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(AdminRoutes.RunBehaviour, List);
        routes.MapPut(AdminRoutes.RunBehaviour, Replace);
        routes.MapDelete(AdminRoutes.RunBehaviour, Clear);
        return routes;
    }

    private static Ok<RunBehaviourSet> List(RunBehaviour behaviour) => TypedResults.Ok(new RunBehaviourSet(behaviour.Rules));

    private static Ok<RunBehaviourSet> Replace(RunBehaviourSet body, RunBehaviour behaviour)
    {
        behaviour.Replace(body.Rules ?? []);
        return List(behaviour);
    }

    private static Ok<RunBehaviourSet> Clear(RunBehaviour behaviour)
    {
        behaviour.Clear();
        return List(behaviour);
    }
}
