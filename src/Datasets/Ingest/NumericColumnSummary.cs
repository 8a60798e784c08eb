namespace AgentProvision.Datasets.Ingest;

/// <summary>Average, minimum and maximum of an integer or float column over all its non-null values; null when it has none.</summary>
public sealed record NumericColumnSummary(string Column, double? Avg, double? Min, double? Max);
