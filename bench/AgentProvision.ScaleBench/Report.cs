namespace AgentProvision.ScaleBench;

/// <summary>Each figure beside its baseline from the same run, and the goal the issue set for their ratio or value.</summary>
internal sealed class Report
{
    private readonly List<string> lines = [];

    public void Ratio(string figure, double ours, string oursUnit, string baselineName, double baseline, double goal)
    {
        var ratio = baseline == 0 ? double.NaN : ours / baseline;
        Add($"{figure,-44} {ours,10:F1} {oursUnit,-8} | {baselineName,-34} {baseline,10:F1} | ratio {ratio,5:F2} (goal ≥ {goal:F2}) {(ratio >= goal ? "met" : "NOT met")}");
    }

    public void AtMost(string figure, double ours, string unit, string baselineName, double baseline, double goal)
    {
        Add($"{figure,-44} {ours,10:F1} {unit,-8} | {baselineName,-34} {baseline,10:F1} | goal ≤ {goal:F0} {unit} {(ours <= goal ? "met" : "NOT met")}");
    }

    public void AtLeast(string figure, double ours, string unit, string baselineName, double baseline, double goal)
    {
        Add($"{figure,-44} {ours,10:F1} {unit,-8} | {baselineName,-34} {baseline,10:F1} | goal ≥ {goal:F0} {unit} {(ours >= goal ? "met" : "NOT met")}");
    }

    private void Add(string line)
    {
        lines.Add(line);
        Console.WriteLine("  => " + line);
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("Figures (each beside its baseline from this run):");
        foreach (var line in lines)
        {
            Console.WriteLine("  " + line);
        }
    }
}
