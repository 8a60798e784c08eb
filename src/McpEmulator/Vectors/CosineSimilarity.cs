namespace AgentProvision.McpEmulator.Vectors;

internal static class CosineSimilarity
{
    /// <summary>
    /// In [-1, 1]; 0 when either vector is all zeros, which has no direction (the formula would divide by zero),
    /// so it ranks below every vector pointing the same way as the query and above those pointing away.
    /// </summary>
    public static double Between(IReadOnlyList<float> left, IReadOnlyList<float> right)
    {
        double dot = 0, leftSquares = 0, rightSquares = 0;
        for (var i = 0; i < left.Count; i++)
        {
            dot += (double)left[i] * right[i];
            leftSquares += (double)left[i] * left[i];
            rightSquares += (double)right[i] * right[i];
        }

        return leftSquares == 0 || rightSquares == 0 ? 0 : dot / (Math.Sqrt(leftSquares) * Math.Sqrt(rightSquares));
    }
}
