namespace AgentProvision.Persistence.Entities;

/// <summary>
/// A kind of resource that is provisioned in Databricks. Its name travels in sync messages and outbox rows, and picks
/// the worker's provisioner; it never changes once rows carry it.
/// </summary>
public interface IResourceKind
{
    static abstract string Kind { get; }
}
