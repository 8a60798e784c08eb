using System.Diagnostics;
using AgentProvision.ChaosHarness.Load;

namespace AgentProvision.ChaosHarness.Verification;

/// <summary>Waits for the accepted resources to settle, then holds the database and the emulator's ledger against them.</summary>
public sealed class Verifier(LocalStateReader local, EmulatorAdmin emulator, Action<string> log)
{
    /// <summary>Polls until every accepted resource is settled or the timeout passes; the time it took.</summary>
    public async Task<(TimeSpan Elapsed, bool AllSettled)> DrainAsync(IReadOnlyCollection<AcceptedResource> accepted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        while (true)
        {
            Dictionary<(ResourceKind, Guid), LocalState> states;
            try
            {
                states = await local.ReadAsync(accepted);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                log($"drain: database not answering ({exception.Message}); asking again");
                await Task.Delay(1000, cancellationToken);
                continue;
            }

            var settled = accepted.Count(a => states.TryGetValue((a.Kind, a.Id), out var s) && s.Settled);
            if (settled == accepted.Count)
            {
                return (clock.Elapsed, true);
            }

            if (clock.Elapsed > timeout)
            {
                return (clock.Elapsed, false);
            }

            if (clock.Elapsed - lastLog > TimeSpan.FromSeconds(10))
            {
                lastLog = clock.Elapsed;
                var done = accepted.Count(a => states.TryGetValue((a.Kind, a.Id), out var s) && s.Done);
                log($"drain: {done} of {accepted.Count} synced, {settled} settled after {clock.Elapsed.TotalSeconds:F0} s");
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    public async Task<(List<KindResult> Kinds, List<Finding> Findings)> VerifyAsync(IReadOnlyCollection<AcceptedResource> accepted, LoadPlan plan)
    {
        var states = await local.ReadAsync(accepted);
        var remote = new RemoteIndex(await emulator.ObjectsAsync());
        var findings = new List<Finding>();
        var kinds = new List<KindResult>();
        foreach (var kind in Enum.GetValues<ResourceKind>())
        {
            int synced = 0, failed = 0, lost = 0, duplicated = 0;
            var ofKind = accepted.Where(a => a.Kind == kind).ToList();
            foreach (var resource in ofKind)
            {
                var state = states.GetValueOrDefault((resource.Kind, resource.Id));
                var objects = remote.Of(resource);
                var remoteText = objects.Count == 0
                    ? "no object"
                    : string.Join("; ", objects.Select(o => $"{o.Kind} {o.Name} exists {o.Exists} created {o.CreatedCount} live {o.LiveCount}"));
                var present = objects.Any(o => o.Exists || (kind == ResourceKind.Run && o.CreatedCount > 0));
                if (state is { Done: true } && present)
                {
                    synced++;
                }
                else
                {
                    lost++;
                    var why = state is null ? "no row in the database" : !state.Done ? "not synced" : "synced in the database, missing in Databricks";
                    findings.Add(new Finding(resource, $"LOST ({why})", state?.Detail ?? "none", remoteText));
                }

                if (state?.Status == "failed")
                {
                    failed++;
                }

                if (objects.Count > 1 || objects.Any(o => o.CreatedCount > 1 || o.LiveCount > 1))
                {
                    duplicated++;
                    findings.Add(new Finding(resource, "DUPLICATED", state?.Detail ?? "none", remoteText));
                }
            }

            kinds.Add(new KindResult(kind, plan.Count(kind), ofKind.Count, synced, failed, lost, duplicated));
        }

        return (kinds, findings);
    }
}
