namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// How a column's type is decided and how it widens.
/// </summary>
/// <remarks>
/// <para>
/// Each non-empty value has a narrowest type (<see cref="ValueText.Classify"/>): integer, float, boolean, timestamp or
/// string. A column's type is the <see cref="Join"/> of the types of its values in the first
/// <see cref="IngestLimits.TypeSampleRows"/> rows (fewer only when very wide rows cut the first row group at its text
/// bound); a column with no value there is a string column.
/// </para>
/// <para>
/// After the sample the type is enforced, and a value that does not fit widens the column to the join of the two types:
/// integer becomes float when the value is a float, otherwise string; float, boolean and timestamp become string. Types
/// only ever widen, so a column widens at most twice. Empty values are null in every type and never widen anything.
/// </para>
/// <para>
/// Widening keeps the original text of every value still in memory (the row group being built). Row groups already
/// written with the narrower type are rewritten at the end: integers become floats exactly up to 2^53; values that
/// become strings are written in a canonical form, since their text is gone by then: integers in plain digits, floats
/// in the shortest round-trip form (<c>1.50</c> becomes <c>1.5</c>), booleans as <c>true</c>/<c>false</c> and
/// timestamps as ISO 8601 UTC (<c>2024-01-02T03:04:05Z</c>).
/// </para>
/// </remarks>
internal static class ColumnTypes
{
    /// <summary>The narrowest type that holds values of both types.</summary>
    public static ColumnType Join(ColumnType a, ColumnType b) => (a, b) switch
    {
        _ when a == b => a,
        (ColumnType.Integer, ColumnType.Float) or (ColumnType.Float, ColumnType.Integer) => ColumnType.Float,
        _ => ColumnType.String,
    };

    /// <summary>The type a column of <paramref name="current"/> widens to for a value that does not fit it.</summary>
    public static ColumnType Widen(ColumnType current, ReadOnlySpan<byte> value)
    {
        var widened = Join(current, ValueText.Classify(value));
        // The value did not fit, so the join must be wider; string is the safe answer should the parsers ever disagree.
        return widened == current ? ColumnType.String : widened;
    }

    public static bool IsNumeric(ColumnType type) => type is ColumnType.Integer or ColumnType.Float;
}
