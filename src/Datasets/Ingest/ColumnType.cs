namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// The type of an ingested column. A column's type is inferred from its first values and widens when a later value
/// does not fit; <see cref="ColumnTypes.Join"/> holds the rule.
/// </summary>
public enum ColumnType
{
    /// <summary>64-bit integers (<see cref="long"/>).</summary>
    Integer,

    /// <summary>Finite 64-bit floating point numbers (<see cref="double"/>).</summary>
    Float,

    /// <summary><c>true</c> / <c>false</c>, in any letter case.</summary>
    Boolean,

    /// <summary>ISO 8601 dates and date-times, stored as UTC instants.</summary>
    Timestamp,

    /// <summary>Anything else, kept as text.</summary>
    String,
}
