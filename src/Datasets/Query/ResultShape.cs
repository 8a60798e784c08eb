using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Query;

/// <summary>One result column: its name (unique within the result) and how to read it.</summary>
internal sealed record ResultColumn(string Name, ColumnKind Kind);

/// <summary>
/// The columns a query will answer, learnt from DuckDB's DESCRIBE before it runs, and the SQL to run: the query
/// itself, or, when a column needs converting (<see cref="ColumnKinds.NeedsConversion"/>), a projection over it.
/// </summary>
internal sealed record ResultShape(string Sql, IReadOnlyList<ResultColumn> Columns)
{
    /// <summary>
    /// Null when DuckDB cannot describe the SQL (it is not a query, or does not bind): running it then reports
    /// DuckDB's own error. Wrapped as a subquery so that every form (WITH, VALUES, FROM-first) can be described,
    /// and so that duplicate names come back as DuckDB dedupes them (a, a_1).
    /// </summary>
    public static ResultShape? Describe(DuckDBConnection connection, string sql, QueryDeadline deadline)
    {
        var columns = new List<(string Name, string Type)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"DESCRIBE SELECT * FROM (\n{sql}\n)";
            using var interrupter = deadline.Watch(command);
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            catch (DuckDBException) when (!deadline.Passed)
            {
                return null;
            }
        }

        var names = UniqueNames(columns.Select(column => column.Name));
        var shape = names.Select((name, i) => new ResultColumn(name, ColumnKinds.Of(columns[i].Type))).ToList();
        return new ResultShape(shape.Any(column => ColumnKinds.NeedsConversion(column.Kind)) ? Converting(sql, shape) : sql, shape);
    }

    /// <summary>The columns of a running reader, when DESCRIBE could not tell them: read natively.</summary>
    public static IReadOnlyList<ResultColumn> FromReader(DuckDBDataReader reader) =>
        UniqueNames(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)).Select(name => new ResultColumn(name, ColumnKind.Native)).ToList();

    /// <summary>
    /// <c>SELECT to_json(c1), c2 … FROM (query) AS q(c1, c2 …)</c>: positional names, since the query's own may
    /// repeat. A projection keeps the query's row order.
    /// </summary>
    private static string Converting(string sql, IReadOnlyList<ResultColumn> columns)
    {
        var names = Enumerable.Range(0, columns.Count).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var select = new StringBuilder("SELECT ");
        select.AppendJoin(", ", columns.Select((column, i) => ColumnKinds.Projection(column.Kind, names[i])));
        select.Append(" FROM (\n").Append(sql).Append("\n) AS q(").AppendJoin(", ", names).Append(')');
        return select.ToString();
    }

    /// <summary>A JSON row holds one value per name: a repeated name gets a suffix, as DuckDB's own (a, a_1).</summary>
    private static List<string> UniqueNames(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<string>();
        foreach (var name in names)
        {
            var candidate = name;
            for (var n = 1; !seen.Add(candidate); n++)
            {
                candidate = $"{name}_{n}";
            }

            unique.Add(candidate);
        }

        return unique;
    }
}
