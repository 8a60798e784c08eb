using System.Text.RegularExpressions;
using AgentProvision.ChaosHarness.Load;

namespace AgentProvision.ChaosHarness.Verification;

/// <summary>
/// The emulator's ledger grouped by the resource each object belongs to. Remote names are derived from our ids
/// (the README's table): catalog <c>agentprovision_{tenant, _ for -}</c>, notebook path ending <c>notebook_{id:N}</c>,
/// job <c>pipeline_{id:N}</c>, table <c>….bronze.dataset_{id:N}</c>; a run is recorded under its job's name or its
/// notebook's path, so it is found through its target.
/// </summary>
public sealed partial class RemoteIndex
{
    private readonly Dictionary<(string Kind, string Key), List<RemoteObject>> objects = [];

    public RemoteIndex(IEnumerable<RemoteObject> ledger)
    {
        foreach (var remote in ledger)
        {
            var key = KeyOf(remote.Name);
            if (key is null)
            {
                continue;
            }

            if (!objects.TryGetValue((remote.Kind, key), out var list))
            {
                objects[(remote.Kind, key)] = list = [];
            }

            list.Add(remote);
        }
    }

    /// <summary>Every remote object of the resource's own kind under its name(s).</summary>
    public IReadOnlyList<RemoteObject> Of(AcceptedResource resource) => resource switch
    {
        { Kind: ResourceKind.Catalog } => Find("catalog", resource.TenantId.ToString("D").Replace('-', '_')),
        { Kind: ResourceKind.Dataset } => Find("table", resource.Id.ToString("N")),
        { Kind: ResourceKind.Notebook } => Find("notebook", resource.Id.ToString("N")),
        { Kind: ResourceKind.Pipeline } => Find("job", resource.Id.ToString("N")),
        { Kind: ResourceKind.Run, TargetId: { } target } => Find("run", target.ToString("N")),
        _ => [],
    };

    private IReadOnlyList<RemoteObject> Find(string kind, string key) =>
        objects.TryGetValue((kind, key), out var list) ? list : [];

    private static string? KeyOf(string name)
    {
        var match = OurName().Match(name.ToLowerInvariant());
        return match.Success ? match.Groups["key"].Value : null;
    }

    [GeneratedRegex(@"(?:(?:notebook|pipeline|dataset)_(?<key>[0-9a-f]{32})|agentprovision_(?<key>[0-9a-f_]{36}))$")]
    private static partial Regex OurName();
}
