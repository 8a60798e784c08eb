using System.Text.Json;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// Decides whether a tenant's SQL may run: exactly one SELECT (WITH, UNION, VALUES are fine) that reads only the
/// table <c>dataset</c> and its own WITH queries. DuckDB's parser reads the SQL, so a column named
/// <c>created_at</c> or a string <c>'drop table'</c> is just that; no keyword is searched for in the text.
/// </summary>
public static class SqlStatementGuard
{
    /// <summary>Longer SQL is refused before parsing: a query over one table has no need of it.</summary>
    public const int MaxSqlLength = 100_000;

    private const string Allowed = "Only a single SELECT query over the table 'dataset' is allowed (WITH, UNION and VALUES are fine).";

    /// <exception cref="QueryRejected">The SQL is empty, unparsable, not one SELECT, or reads anything but <c>dataset</c>.</exception>
    public static CheckedQuery Check(string? sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new QueryRejected(QueryRejected.EmptyQuery, $"The query is empty. {Allowed}");
        }

        if (sql.Length > MaxSqlLength)
        {
            throw new QueryRejected(QueryRejected.QueryTooLong, $"The query is {sql.Length:N0} characters long; at most {MaxSqlLength:N0} are allowed.");
        }

        // DuckDB takes the text as a C string: what follows a NUL could be seen differently by check and run.
        if (sql.Contains('\0', StringComparison.Ordinal))
        {
            throw new QueryRejected(QueryRejected.SyntaxError, "The query contains a NUL character.");
        }

        var text = SqlText.Normalize(sql);
        if (text.Length == 0)
        {
            throw new QueryRejected(QueryRejected.EmptyQuery, $"The query holds only comments or ';'. {Allowed}");
        }

        using var tree = Parse(text);
        var root = tree.RootElement;
        if (root.GetProperty("error").GetBoolean())
        {
            throw Refusal(text, root);
        }

        var statements = root.GetProperty("statements");
        if (statements.GetArrayLength() > 1)
        {
            throw new QueryRejected(QueryRejected.MultipleStatements, $"The query holds {statements.GetArrayLength()} statements. {Allowed}");
        }

        if (statements.GetArrayLength() == 0)
        {
            throw new QueryRejected(QueryRejected.EmptyQuery, $"The query is empty. {Allowed}");
        }

        var (references, qualifiesDataset) = SelectTreeCheck.Run(statements[0]);
        return new CheckedQuery(text, references, qualifiesDataset);
    }

    private static JsonDocument Parse(string text)
    {
        try
        {
            return DuckDbParser.Serialize(text);
        }
        catch (JsonException error)
        {
            throw new QueryRejected(QueryRejected.UnsupportedSql, "The query is nested too deeply.", error);
        }
    }

    /// <summary>
    /// json_serialize_sql serializes SELECT statements only and says "not implemented" for anything else, including
    /// a SELECT followed by another statement; the lexer's count tells those two cases apart for the message.
    /// </summary>
    private static QueryRejected Refusal(string text, JsonElement error)
    {
        var type = error.TryGetProperty("error_type", out var kind) ? kind.GetString() : null;
        var message = error.TryGetProperty("error_message", out var said) ? said.GetString() ?? "" : "";
        if (type == "not implemented")
        {
            var statements = SqlText.CountStatements(text);
            if (statements > 1)
            {
                return new QueryRejected(QueryRejected.MultipleStatements, $"The query holds {statements} statements. {Allowed}");
            }

            var word = SqlText.FirstWord(text);
            var what = word is null or "SELECT" or "WITH" or "FROM" or "VALUES" or "TABLE" ? "This statement is not a plain SELECT" : $"{word} statements are not allowed";
            return new QueryRejected(QueryRejected.NotASelect, $"{what}. {Allowed}");
        }

        if (message.StartsWith("Max expression depth", StringComparison.Ordinal))
        {
            return new QueryRejected(QueryRejected.UnsupportedSql,
                $"The query is nested too deeply (more than {DuckDbParser.MaxExpressionDepth} levels).");
        }

        return new QueryRejected(QueryRejected.SyntaxError, $"The SQL could not be parsed: {message}. {Allowed}");
    }
}
