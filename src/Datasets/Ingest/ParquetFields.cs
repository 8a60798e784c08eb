using Parquet.Schema;

namespace AgentProvision.Datasets.Ingest;

/// <summary>The Parquet schema of our column types; every column is nullable.</summary>
internal static class ParquetFields
{
    public static DataField For(string name, ColumnType type) => type switch
    {
        ColumnType.Integer => new DataField<long?>(name),
        ColumnType.Float => new DataField<double?>(name),
        ColumnType.Boolean => new DataField<bool?>(name),
        // Microseconds, adjusted to UTC: DuckDB reads it as TIMESTAMP WITH TIME ZONE, and its range is years 1 to 9999,
        // where nanoseconds would stop at 2262. The 7th fraction digit of a DateTime is dropped.
        ColumnType.Timestamp => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        _ => new DataField<string>(name, nullable: true),
    };

    public static DataField[] For(IReadOnlyList<string> names, IReadOnlyList<ColumnType> types) =>
        names.Select((name, i) => For(name, types[i])).ToArray();
}
