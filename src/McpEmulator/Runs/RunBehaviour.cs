using AgentProvision.McpEmulator.Introspection;
using Microsoft.Extensions.Options;

namespace AgentProvision.McpEmulator.Runs;

/// <summary>
/// Decides the plan of each new run: the first matching behaviour rule with times left (counted down), otherwise
/// success after the configured durations.
/// </summary>
internal sealed class RunBehaviour(IOptions<RunOptions> options) : IEmulatorState
{
    private readonly Lock _gate = new();
    private List<RunBehaviourRule> _rules = [];

    public IReadOnlyList<RunBehaviourRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    /// <summary>Replaces every rule; all are checked first, so one bad rule changes nothing.</summary>
    public void Replace(IEnumerable<RunBehaviourRule> rules)
    {
        var checkedRules = rules.Select(rule => rule.Normalize()).ToList();
        lock (_gate)
        {
            _rules = checkedRules;
        }
    }

    public void Clear() => Replace([]);

    public RunPlan PlanFor(long? jobId, string? notebookPath)
    {
        var defaults = options.Value;
        lock (_gate)
        {
            var index = _rules.FindIndex(rule => rule.Times != 0 && rule.Matches(jobId, notebookPath));
            if (index < 0)
            {
                return new RunPlan(RunOutcome.Success, defaults.PendingMs, defaults.RunningMs, null, null);
            }

            var rule = _rules[index];
            _rules[index] = rule with { Times = rule.Times - 1 };
            return new RunPlan(
                rule.Outcome ?? RunOutcome.Success,
                rule.PendingMs ?? defaults.PendingMs,
                rule.RunningMs ?? defaults.RunningMs,
                rule.Message,
                rule.Output);
        }
    }
}
