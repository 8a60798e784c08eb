namespace AgentProvision.ChaosHarness.Load;

/// <summary>Every kind a client can create, in the order the report lists them.</summary>
public enum ResourceKind
{
    Catalog,
    Dataset,
    Notebook,
    Pipeline,
    Run,
}

/// <summary>
/// A resource the API answered 2xx for. A catalog's id is its tenant's id (one per tenant); a run names its target,
/// and each target is run at most once, so the emulator's per-target run count shows a second submit.
/// </summary>
public sealed record AcceptedResource(ResourceKind Kind, Guid Id, Guid TenantId, Guid? TargetId = null, ResourceKind? TargetKind = null);
