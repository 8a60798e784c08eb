namespace AgentProvision.McpEmulator.Faults;

/// <summary>
/// Holds the active fault rules and decides, per call, which one fires. The dice restart from the seed whenever
/// the rules are replaced or cleared, so the same rules and the same calls give the same faults.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly int? _seed;
    private List<ArmedRule> _rules = [];
    private Random _dice;

    public FaultInjector(IEnumerable<FaultRule> startupRules, int? seed)
    {
        _seed = seed;
        _dice = NewDice();
        Replace(startupRules);
    }

    /// <summary>The rules in order, each with its remaining <c>times</c>.</summary>
    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return _rules.Select(armed => armed.Rule with { Times = armed.Remaining }).ToList();
            }
        }
    }

    /// <summary>Replaces every rule; all are checked first, so one bad rule changes nothing.</summary>
    public void Replace(IEnumerable<FaultRule> rules)
    {
        var armed = rules.Select(rule => new ArmedRule(rule.Normalize())).ToList();
        lock (_gate)
        {
            _rules = armed;
            _dice = NewDice();
        }
    }

    public void Clear() => Replace([]);

    /// <summary>The first matching rule whose dice hit and that has times left (counted down), or null.</summary>
    public FaultRule? Decide(string operation)
    {
        lock (_gate)
        {
            foreach (var armed in _rules)
            {
                if (!armed.Rule.Matches(operation) || armed.Remaining == 0)
                {
                    continue;
                }

                if (_dice.NextDouble() >= armed.Rule.Rate)
                {
                    continue;
                }

                armed.Remaining--;
                return armed.Rule;
            }

            return null;
        }
    }

    private Random NewDice() => _seed is { } seed ? new Random(seed) : new Random();

    private sealed class ArmedRule(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        /// <summary>Null means unlimited; <c>null - 1</c> stays null.</summary>
        public int? Remaining { get; set; } = rule.Times;
    }
}
