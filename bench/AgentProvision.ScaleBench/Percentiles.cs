namespace AgentProvision.ScaleBench;

internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> samples, double q)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
