using System.Globalization;
using System.Text;
using AgentProvision.ChaosHarness.Load;
using AgentProvision.ChaosHarness.Verification;

namespace AgentProvision.ChaosHarness;

/// <summary>What a chaos run found, and the table it prints.</summary>
public sealed record ChaosReport(
    ChaosOptions Options,
    IReadOnlyList<KindResult> Kinds,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<ChaosEvent> Events,
    IReadOnlyDictionary<string, int> FaultsByMode,
    int ConnectorCalls,
    TimeSpan? FaultsClearedAt,
    ClientStats Clients,
    IReadOnlyList<string> UnexpectedExits,
    TimeSpan LoadDuration,
    TimeSpan DrainDuration,
    bool DrainedInTime,
    TimeSpan Total,
    string StateDirectory)
{
    public int Lost => Kinds.Sum(k => k.Lost);

    public int Duplicated => Kinds.Sum(k => k.Duplicated);

    public int Accepted => Kinds.Sum(k => k.Accepted);

    public int Synced => Kinds.Sum(k => k.Synced);

    public bool Passed => Lost == 0 && Duplicated == 0 && Accepted > 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Chaos run: size {Options.Size}, seed {Options.Seed}, {Options.Workers} workers, {Options.ClientConcurrency} clients");
        text.AppendLine();
        text.AppendLine(c, $"{"kind",-10}{"planned",9}{"accepted",10}{"synced",8}{"lost",6}{"duplicated",12}{"(failed)",10}");
        foreach (var kind in Kinds)
        {
            text.AppendLine(c, $"{kind.Kind.ToString().ToLowerInvariant(),-10}{kind.Planned,9}{kind.Accepted,10}{kind.Synced,8}{kind.Lost,6}{kind.Duplicated,12}{kind.Failed,10}");
        }

        text.AppendLine(c, $"{"total",-10}{Kinds.Sum(k => k.Planned),9}{Accepted,10}{Synced,8}{Lost,6}{Duplicated,12}{Kinds.Sum(k => k.Failed),10}");
        text.AppendLine();
        text.AppendLine(c, $"load {Seconds(LoadDuration)} s, drain {Seconds(DrainDuration)} s{(DrainedInTime ? "" : $" (deadline {Seconds(Options.DrainTimeout)} s passed)")}, total {Seconds(Total)} s");
        text.AppendLine(c, $"connector faults injected: {FaultsByMode.Values.Sum()} of {ConnectorCalls} calls ({string.Join(", ", FaultsByMode.OrderBy(f => f.Key).Select(f => $"{f.Key}: {f.Value}"))})");
        text.AppendLine(c, $"  rules: {FaultMix.Describe()}");
        text.AppendLine(FaultsClearedAt is { } cleared
            ? $"  on through the load and the drain until {Seconds(cleared)} s (half the drain deadline), then off"
            : "  on through the load and the whole drain");
        text.AppendLine(c, $"kills and restarts: {Events.Count}");
        foreach (var chaos in Events)
        {
            text.AppendLine(c, $"  at {Seconds(chaos.At),6} s  {chaos.What} (took {Seconds(chaos.Took)} s)");
        }

        text.AppendLine(c, $"clients: {Clients.Requests} requests, {Clients.RetriedRefusals} 5xx answers retried, {Clients.RetriedTransportErrors} unanswered requests retried, {Clients.GaveUp} given up, {Clients.Rejected} rejected (4xx)");
        if (Clients.LastRejection is { } rejection)
        {
            text.AppendLine(c, $"  last rejection: {Truncate(rejection, 300)}");
        }

        text.AppendLine(c, $"hosts that exited on their own (restarted): {UnexpectedExits.Count}");
        foreach (var exit in UnexpectedExits)
        {
            text.AppendLine(c, $"  {exit}");
        }

        if (Findings.Count > 0)
        {
            text.AppendLine(c, $"findings ({Findings.Count}, first 20):");
            foreach (var finding in Findings.Take(20))
            {
                text.AppendLine(c, $"  {Truncate(finding.ToString(), 600)}");
            }
        }

        text.AppendLine(c, $"state and logs: {StateDirectory}");
        text.AppendLine(Passed ? "PASSED: lost 0, duplicated 0" : $"FAILED: lost {Lost}, duplicated {Duplicated}");
        return text.ToString();
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
