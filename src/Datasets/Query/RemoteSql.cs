using System.Text;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// The checked SQL for a remote connector, whose table is not <c>dataset</c> but e.g.
/// <c>agentprovision_&lt;tenant&gt;.bronze.dataset_&lt;id&gt;</c>. The places to change come from the parse tree (the
/// parser's position of each reference to the table <c>dataset</c>), so a column <c>dataset_id</c>, a string
/// <c>'dataset'</c> or a WITH query named <c>dataset</c> stay as they are; the rest of the text is the tenant's own.
/// </summary>
/// <remarks>
/// Why not print the edited tree with <c>json_deserialize_sql</c>: DuckDB prints its own dialect (<c>~~*</c> for
/// ILIKE, <c>count_star()</c>, <c>to_days(…)</c> for intervals), which Databricks does not read.
/// </remarks>
public static class RemoteSql
{
    /// <param name="remoteTable">The remote table as a plain dotted name of one to three parts, unquoted.</param>
    /// <exception cref="ArgumentException">The name is empty or has more than three parts.</exception>
    public static string ForTable(CheckedQuery query, string remoteTable)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = SplitName(remoteTable);
        var replacement = string.Join('.', parts.Select(Quote));

        var text = Encoding.UTF8.GetBytes(query.Sql);
        var output = new StringBuilder(query.Sql.Length + replacement.Length * query.DatasetReferences.Count);
        var position = 0;
        foreach (var reference in query.DatasetReferences)
        {
            var end = NameEnd(text, reference);
            output.Append(Encoding.UTF8.GetString(text, position, reference.Utf8Offset - position)).Append(replacement);
            // Keep `dataset.id` and `dataset.*` meaning what they did; the TABLE statement takes no alias, so only when needed.
            if (!reference.HasAlias && query.QualifiesDataset)
            {
                output.Append(" AS dataset");
            }

            position = end;
        }

        output.Append(Encoding.UTF8.GetString(text, position, text.Length - position));
        var sql = output.ToString();
        RemoteSqlVerification.EnsureSameQuery(query, sql, parts);
        return sql;
    }

    internal static IReadOnlyList<string> SplitName(string remoteTable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteTable);
        var parts = remoteTable.Split('.');
        if (parts.Length > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"'{remoteTable}' is not a table name of one to three dot-separated parts.", nameof(remoteTable));
        }

        return parts;
    }

    /// <summary>
    /// Bare where the part is a plain identifier (the names this system makes always are), else in double quotes:
    /// standard SQL and DuckDB's way. Databricks quotes with backticks, which DuckDB cannot read back.
    /// </summary>
    private static string Quote(string part) =>
        DuckDbParser.IsPlainIdentifier(part) ? part : "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Where the table name that starts at the reference ends: a quoted name or a bare word, checked against the tree.</summary>
    private static int NameEnd(byte[] text, DatasetReference reference)
    {
        var start = reference.Utf8Offset;
        var end = start;
        string written;
        if (start < text.Length && text[start] == '"')
        {
            (written, end) = ReadQuoted(text, start);
        }
        else
        {
            while (end < text.Length && (char.IsAsciiLetterOrDigit((char)text[end]) || text[end] is (byte)'_' or (byte)'$' || text[end] > 127))
            {
                end++;
            }

            written = Encoding.UTF8.GetString(text, start, end - start);
        }

        if (!string.Equals(written, reference.TableName, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The parser placed a reference to '{reference.TableName}' at byte {start}, but the text there reads '{written}'.");
        }

        return end;
    }

    /// <summary>A double-quoted name from its opening quote: its text (a doubled quote is one) and where it ends.</summary>
    private static (string Name, int End) ReadQuoted(byte[] text, int start)
    {
        var name = new List<byte>();
        var i = start + 1;
        while (i < text.Length)
        {
            if (text[i] != '"')
            {
                name.Add(text[i++]);
            }
            else if (i + 1 < text.Length && text[i + 1] == '"')
            {
                name.Add((byte)'"');
                i += 2;
            }
            else
            {
                return (Encoding.UTF8.GetString(name.ToArray()), i + 1);
            }
        }

        return (Encoding.UTF8.GetString(name.ToArray()), i);
    }
}
