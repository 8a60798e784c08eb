using AgentProvision.McpEmulator.Faults;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Introspection;

/// <summary><c>/_emulator/objects</c>, <c>/calls</c>, <c>/traces</c> and <c>/reset</c>: what tests look at and how they start clean.</summary>
internal static class IntrospectionApi
{
    public static IEndpointRouteBuilder MapIntrospectionApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(AdminRoutes.Objects, Objects);
        routes.MapGet(AdminRoutes.Calls, Calls);
        routes.MapGet(AdminRoutes.Traces, Traces);
        routes.MapPost(AdminRoutes.Reset, Reset);
        return routes;
    }

    private static Ok<ObjectList> Objects(
        [FromQuery(Name = "tenant_id")] string? tenantId, [FromQuery] string? prefix, ObjectLedger ledger)
        => TypedResults.Ok(new ObjectList(ledger.Find(tenantId, prefix)));

    private static Ok<CallCounts> Calls([FromQuery(Name = "tenant_id")] string? tenantId, CallCounter calls)
        => TypedResults.Ok(new CallCounts(string.IsNullOrEmpty(tenantId) ? calls.Snapshot() : calls.Snapshot(tenantId)));

    private static Ok<TraceParents> Traces(TraceRecorder traces) => TypedResults.Ok(new TraceParents(traces.Snapshot()));

    /// <summary>
    /// Forgets every tenant, object history, call count, recorded trace, fault rule and every registered <see cref="IEmulatorState"/>
    /// (jobs, runs, run behaviour, the extension switch). Object ids keep counting, so none is ever reused.
    /// </summary>
    private static Ok<EmptyBody> Reset(
        TenantDirectory tenants, ObjectLedger ledger, CallCounter calls, TraceRecorder traces, FaultInjector faults, IEnumerable<IEmulatorState> states)
    {
        traces.Clear();
        tenants.Clear();
        ledger.Clear();
        calls.Clear();
        faults.Clear();
        foreach (var state in states)
        {
            state.Clear();
        }

        return TypedResults.Ok(EmptyBody.Instance);
    }
}
