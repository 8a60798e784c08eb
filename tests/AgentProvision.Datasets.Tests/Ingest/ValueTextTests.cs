using System.Text;
using AgentProvision.Datasets.Ingest;

namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>The narrowest type of single values, which decides a column's type and when it widens.</summary>
public sealed class ValueTextTests
{
    [Theory]
    [InlineData("0", ColumnType.Integer)]
    [InlineData("-9223372036854775808", ColumnType.Integer)]
    [InlineData(" 12\t", ColumnType.Integer)]
    [InlineData("9223372036854775808", ColumnType.Float)]
    [InlineData("1.", ColumnType.Float)]
    [InlineData("-1.5E-3", ColumnType.Float)]
    [InlineData("tRuE", ColumnType.Boolean)]
    [InlineData(" false ", ColumnType.Boolean)]
    [InlineData("2024-02-29", ColumnType.Timestamp)]
    [InlineData("2024-01-01T00:00:00.123456789Z", ColumnType.Timestamp)]
    [InlineData("2024-01-01t10:00z", ColumnType.Timestamp)]
    [InlineData("2023-02-29", ColumnType.String)]
    [InlineData("2024-01-01T10:00:60", ColumnType.String)]
    [InlineData("2024-01-01T10:00+24:00", ColumnType.String)]
    [InlineData("20240101", ColumnType.Integer)]
    [InlineData("0x10", ColumnType.String)]
    [InlineData("1_000", ColumnType.String)]
    [InlineData("1,000", ColumnType.String)]
    [InlineData("١٢٣", ColumnType.String)]
    [InlineData("-", ColumnType.String)]
    [InlineData(" ", ColumnType.String)]
    [InlineData("NULL", ColumnType.String)]
    [InlineData("-Infinity", ColumnType.String)]
    public void Value_has_the_narrowest_type_it_parses_as(string value, ColumnType expected) =>
        Assert.Equal(expected, ValueText.Classify(Encoding.UTF8.GetBytes(value)));

    [Theory]
    [InlineData(ColumnType.Integer, "1.5", ColumnType.Float)]
    [InlineData(ColumnType.Integer, "x", ColumnType.String)]
    [InlineData(ColumnType.Integer, "true", ColumnType.String)]
    [InlineData(ColumnType.Float, "x", ColumnType.String)]
    [InlineData(ColumnType.Boolean, "1", ColumnType.String)]
    [InlineData(ColumnType.Timestamp, "1", ColumnType.String)]
    public void Value_that_does_not_fit_widens_the_column_to_the_join_of_both_types(ColumnType column, string value, ColumnType widened) =>
        Assert.Equal(widened, ColumnTypes.Widen(column, Encoding.UTF8.GetBytes(value)));
}
