using System.Text.Json.Serialization;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Runs;

/// <summary>
/// One rule of <c>PUT /_emulator/runs/behaviour</c>: the next matching runs end with <paramref name="Outcome"/> after the
/// given durations. A rule without <paramref name="JobId"/> and <paramref name="NotebookPath"/> matches every run.
/// </summary>
/// <param name="Message">The failure's state_message (default "Workload failed, see run output for details").</param>
/// <param name="Output">What a notebook run reports as <c>output</c> once terminated.</param>
/// <param name="Times">How many runs the rule still shapes; null means every run until the rules change.</param>
internal sealed record RunBehaviourRule(
    long? JobId = null,
    string? NotebookPath = null,
    RunOutcome? Outcome = null,
    string? Message = null,
    string? Output = null,
    int? PendingMs = null,
    int? RunningMs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Times = null)
{
    public const string DefaultFailure = "Workload failed, see run output for details";

    public bool Matches(long? jobId, string? notebookPath)
        => (JobId is null || JobId == jobId)
            && (NotebookPath is null || string.Equals(NotebookPath, notebookPath, StringComparison.Ordinal));

    /// <summary>Checks the rule and fills its defaults, so a listed rule shows what runs will do.</summary>
    public RunBehaviourRule Normalize()
    {
        if (JobId is not null && NotebookPath is not null)
        {
            throw Invalid("give job_id or notebook_path, not both: a run belongs to a job or executes a notebook.");
        }

        if (PendingMs < 0 || RunningMs < 0 || Times < 0)
        {
            throw Invalid("pending_ms, running_ms and times cannot be negative.");
        }

        var outcome = Outcome ?? RunOutcome.Success;
        return this with
        {
            Outcome = outcome,
            Message = outcome == RunOutcome.Fail ? Message ?? DefaultFailure : Message,
        };
    }

    private static ConnectorException Invalid(string reason) => ConnectorException.InvalidParameter("Invalid run behaviour rule: " + reason);
}

/// <summary>The body of <c>PUT</c>/<c>GET</c>/<c>DELETE /_emulator/runs/behaviour</c>: <c>{"rules":[…]}</c>.</summary>
internal sealed record RunBehaviourSet(IReadOnlyList<RunBehaviourRule>? Rules);
