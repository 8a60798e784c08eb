using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace AgentProvision.ChaosHarness;

/// <summary>
/// Counts the faults the emulator really answered, from its one log line per connector call
/// (<c>Connector call {operation} … answered {status} (fault: {mode})</c>): the rules say what may happen, this says what did.
/// </summary>
public sealed partial class FaultCounter
{
    private readonly ConcurrentDictionary<string, int> byMode = new(StringComparer.Ordinal);
    private int calls;

    public int Calls => calls;

    public IReadOnlyDictionary<string, int> ByMode => byMode;

    public int Total => byMode.Values.Sum();

    public void Observe(string line)
    {
        var match = CallLine().Match(line);
        if (!match.Success)
        {
            return;
        }

        Interlocked.Increment(ref calls);
        var mode = match.Groups["mode"].Value;
        if (mode == "none")
        {
            return;
        }

        // The status tells a 500 from a 503; a hang or a latency beyond the client's timeout has none worth showing.
        var key = mode is "hang" or "latency" ? mode : $"{mode} {match.Groups["status"].Value}";
        byMode.AddOrUpdate(key, 1, (_, count) => count + 1);
    }

    [GeneratedRegex(@"Connector call \S+ for tenant \S+ answered (?<status>\d+) \(fault: (?<mode>[a-z_]+)\)")]
    private static partial Regex CallLine();
}
