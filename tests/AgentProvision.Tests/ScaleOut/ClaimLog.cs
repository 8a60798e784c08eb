using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentProvision.Tests.ScaleOut;

/// <summary>
/// The claim lines one worker prints with its dispatcher and reconciler at Debug (<c>OutboxClaimLog</c>,
/// <c>Reconciler.ClaimCommitted</c>): which outbox rows and resources it held, and whether the claim committed.
/// </summary>
public sealed partial class ClaimLog(int worker)
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<string> timeline = new();
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    public int Worker => worker;

    /// <summary>When (seconds since this log began) each outbox claim and commit line arrived, for a failure's story.</summary>
    public string Timeline => string.Join("; ", timeline);

    /// <summary>Notes a test's own step (a kill, say) in the timeline.</summary>
    public void Mark(string step) => timeline.Enqueue($"{step} at {clock.Elapsed.TotalSeconds:F2} s");

    /// <summary>Settings that switch the claim lines on in a worker.</summary>
    public static Dictionary<string, string> WorkerSettings() => new()
    {
        ["Logging:LogLevel:AgentProvision.SyncWorker.Outbox.OutboxDispatcher"] = "Debug",
        ["Logging:LogLevel:AgentProvision.SyncWorker.Reconciliation.Reconciler"] = "Debug",
    };

    public void Add(string line)
    {
        if (line.Contains("Outbox claim ", StringComparison.Ordinal) || line.Contains("Reconciler claim held ", StringComparison.Ordinal))
        {
            lines.Enqueue(line);
            if (OutboxClaimed().Match(line) is { Success: true } claimed)
            {
                Mark($"claim {claimed.Groups["claim"].Value}");
            }
            else if (OutboxCommitted().Match(line) is { Success: true } committed)
            {
                Mark($"claim {committed.Groups["claim"].Value} committed");
            }
        }
    }

    public IReadOnlyList<OutboxClaim> OutboxClaims()
    {
        var committed = new Dictionary<long, HashSet<Guid>>();
        foreach (var line in lines)
        {
            if (OutboxCommitted().Match(line) is { Success: true } match)
            {
                committed[long.Parse(match.Groups["claim"].Value, CultureInfo.InvariantCulture)] = Ids(match.Groups["retry"].Value).ToHashSet();
            }
        }

        return lines.Select(line => OutboxClaimed().Match(line)).Where(match => match.Success)
            .Select(match =>
            {
                var claim = long.Parse(match.Groups["claim"].Value, CultureInfo.InvariantCulture);
                return new OutboxClaim(worker, claim, Ids(match.Groups["ids"].Value), committed.GetValueOrDefault(claim));
            })
            .ToList();
    }

    public IReadOnlyList<ReconcilerClaim> ReconcilerClaims() =>
        lines.Select(line => ReconcilerCommitted().Match(line)).Where(match => match.Success)
            .Select(match => new ReconcilerClaim(worker,
                DateTimeOffset.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(match.Groups["to"].Value, CultureInfo.InvariantCulture),
                Ids(match.Groups["ids"].Value)))
            .ToList();

    private static Guid[] Ids(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Guid.Parse).ToArray();

    [GeneratedRegex(@"Outbox claim (?<claim>\d+) holds \d+ rows: (?<ids>[0-9a-f,\-]+)")]
    private static partial Regex OutboxClaimed();

    [GeneratedRegex(@"Outbox claim (?<claim>\d+) committed: \d+ published, \d+ to retry: (?<retry>[0-9a-f,\-]*)")]
    private static partial Regex OutboxCommitted();

    [GeneratedRegex(@"Reconciler claim held \d+ resources from (?<from>\S+) to (?<to>\S+): (?<ids>[0-9a-f,\-]+)")]
    private static partial Regex ReconcilerCommitted();
}

/// <summary>One dispatcher claim; <see cref="RetryIds"/> is null when no commit line followed (the transaction died).</summary>
public sealed record OutboxClaim(int Worker, long Claim, Guid[] Ids, HashSet<Guid>? RetryIds)
{
    public bool Committed => RetryIds is not null;

    /// <summary>This claim published the row and marked it dispatched: the one claim that settles it.</summary>
    public bool Published(Guid id) => RetryIds is not null && !RetryIds.Contains(id);
}

/// <summary>One committed reconciler sweep: the resources it held, inside the interval its locks were held.</summary>
public sealed record ReconcilerClaim(int Worker, DateTimeOffset From, DateTimeOffset To, Guid[] Ids);
