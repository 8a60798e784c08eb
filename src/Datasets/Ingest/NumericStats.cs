namespace AgentProvision.Datasets.Ingest;

/// <summary>Running count, sum, minimum and maximum of a numeric column, for <see cref="NumericColumnSummary"/>.</summary>
internal sealed class NumericStats
{
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public void Add(double value)
    {
        _count++;
        _sum += value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    public NumericColumnSummary ToSummary(string column) => _count == 0
        ? new NumericColumnSummary(column, null, null, null)
        : new NumericColumnSummary(column, _sum / _count, _min, _max);
}
