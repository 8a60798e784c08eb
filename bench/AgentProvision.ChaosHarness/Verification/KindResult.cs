using AgentProvision.ChaosHarness.Load;

namespace AgentProvision.ChaosHarness.Verification;

/// <summary>
/// One kind's outcome. Synced: done in the database and present in Databricks. Lost: accepted but not synced at the
/// deadline (failed ones included, also listed apart). Duplicated: more than one remote object for the resource, or
/// one created more than once (a run: submitted more than once).
/// </summary>
public sealed record KindResult(ResourceKind Kind, int Planned, int Accepted, int Synced, int Failed, int Lost, int Duplicated);

/// <summary>One resource that was lost or duplicated, with what the database and the emulator say about it.</summary>
public sealed record Finding(AcceptedResource Resource, string Problem, string Local, string Remote)
{
    public override string ToString() =>
        $"{Resource.Kind} {Resource.Id} (tenant {Resource.TenantId}{(Resource.TargetId is { } t ? $", target {Resource.TargetKind} {t}" : "")}): {Problem}; database: {Local}; Databricks: {Remote}";
}
