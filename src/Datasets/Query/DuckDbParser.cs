using System.Collections.Frozen;
using System.Text.Json;
using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// DuckDB's own parser, asked through <c>json_serialize_sql</c>: it answers a SELECT statement's parse tree as JSON,
/// or an error (<c>"not implemented"</c> for any other kind of statement). The SQL is only parsed, never run.
/// One locked-down in-memory database serves the whole process (opening one costs ~10 ms); each call takes a
/// connection of its own, since a DuckDB connection is not for concurrent use.
/// </summary>
internal static class DuckDbParser
{
    /// <summary>DuckDB's parser refuses SQL nested deeper than this (its max_expression_depth, which json_serialize_sql ignores).</summary>
    public const int MaxExpressionDepth = 1000;

    /// <summary>A tree the parser accepts is at most about three JSON levels per level of SQL.</summary>
    public const int JsonMaxDepth = 4 * MaxExpressionDepth;

    private static readonly Lazy<DuckDBConnection> Root = new(OpenRoot, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>DuckDB's keywords by category (reserved, unreserved, type_function, column_name).</summary>
    private static readonly Lazy<FrozenDictionary<string, string>> Keywords = new(ReadKeywords, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The parse tree of <paramref name="sql"/>: <c>{"error":false,"statements":[…]}</c> or <c>{"error":true,…}</c>.</summary>
    public static JsonDocument Serialize(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        // The cast matters: an untyped parameter reaches the function as an unknown type, and it refuses that.
        command.CommandText = "SELECT json_serialize_sql(CAST($1 AS VARCHAR))";
        command.Parameters.Add(new DuckDBParameter(sql));
        var json = (string)command.ExecuteScalar()!;
        return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = JsonMaxDepth });
    }

    /// <summary>Whether a name can be written bare: an ASCII identifier that is no keyword, or only an unreserved one.</summary>
    public static bool IsPlainIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && (!Keywords.Value.TryGetValue(name, out var category) || category == "unreserved");

    private static FrozenDictionary<string, string> ReadKeywords()
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT keyword_name, keyword_category FROM duckdb_keywords()";
        using var reader = command.ExecuteReader();
        var keywords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            keywords[reader.GetString(0)] = reader.GetString(1);
        }

        return keywords.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A new connection to the shared database: Duplicate answers it closed.</summary>
    private static DuckDBConnection Connect()
    {
        var connection = Root.Value.Duplicate();
        connection.Open();
        return connection;
    }

    /// <summary>Nothing but the parser runs here, yet the database is locked like a sandbox all the same.</summary>
    private static DuckDBConnection OpenRoot()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        foreach (var setting in new[]
        {
            "SET threads = 1",
            "SET memory_limit = '64MB'",
            "SET temp_directory = ''",
            "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false",
            "SET enable_external_access = false",
            "SET lock_configuration = true",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = setting;
            command.ExecuteNonQuery();
        }

        return connection;
    }
}
