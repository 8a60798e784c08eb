namespace AgentProvision.SyncWorker.Drift;

/// <summary>One synced resource whose Databricks object is not what we wrote: <see cref="Drift"/> is a <see cref="DriftKinds"/> value.</summary>
public sealed record DriftFinding(Guid ResourceId, long Generation, string Drift, string Detail);

public static class DriftKinds
{
    /// <summary>The object is gone.</summary>
    public const string Deleted = "deleted";

    /// <summary>The object is there, with other content or settings than ours (or another object in its place).</summary>
    public const string Changed = "changed";
}

/// <summary>What one check of a tenant's resources of one kind found.</summary>
public sealed record DriftInspection(
    int Synced, int Listed, int Pages, IReadOnlyList<DriftFinding> Findings, string? SkippedBecause = null, bool ListingUnsupported = false)
{
    public static DriftInspection Skipped(string reason) => new(0, 0, 0, [], reason);

    /// <summary>The connector lacks this kind's listing extension: the kind's drift check is off until it is probed again.</summary>
    public static DriftInspection Unsupported(string reason) => new(0, 0, 0, [], reason, ListingUnsupported: true);

    public override string ToString() => SkippedBecause is { } reason
        ? $"skipped: {reason}"
        : $"{Synced} synced, {Listed} listed in {Pages} page(s), {Findings.Count} drifted";
}
