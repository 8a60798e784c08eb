using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// Walks the JSON parse tree of one SELECT (from <see cref="DuckDbParser"/>) and refuses anything that could read
/// more than the dataset: a base table other than <c>dataset</c> or a WITH query in scope, any table function
/// (read_csv, read_parquet, glob, query_table, range…), qualified or denied function calls, DESCRIBE/SHOW, and tree
/// shapes it does not know. It fails closed: an unknown kind of query node or table reference is refused.
/// </summary>
internal sealed class SelectTreeCheck
{
    private const string DatasetTable = "dataset";

    /// <summary>The parser's "no position" (optional_idx unset).</summary>
    private const ulong NoLocation = ulong.MaxValue;

    private static readonly ImmutableHashSet<string> QueryNodeTypes =
        ["SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE"];

    /// <summary>Every table reference kind DuckDB has had; those not allowed below are refused.</summary>
    private static readonly ImmutableHashSet<string> TableRefTypes =
    [
        "INVALID", "BASE_TABLE", "SUBQUERY", "JOIN", "CROSS_PRODUCT", "TABLE_FUNCTION", "EXPRESSION_LIST", "CTE",
        "EMPTY", "EMPTY_FROM", "PIVOT", "SHOW_REF", "COLUMN_DATA", "DELIM_GET", "BOUND_TABLE_REF",
    ];

    private static readonly ImmutableHashSet<string> PassThroughTableRefs =
        ["SUBQUERY", "JOIN", "CROSS_PRODUCT", "EXPRESSION_LIST", "EMPTY", "EMPTY_FROM", "PIVOT"];

    /// <summary>
    /// Scalar functions that reveal the server rather than the data: <c>current_setting('allowed_paths')</c> would
    /// show where the file lies; <c>getenv</c> exists in some DuckDB builds. Everything that reads files is a table
    /// function, refused as such.
    /// </summary>
    private static readonly ImmutableHashSet<string> DeniedFunctions =
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "getenv", "current_setting");

    private static readonly ImmutableHashSet<string> NoNames = ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase);

    private readonly List<DatasetReference> _references = [];

    private bool _qualifiesDataset;

    private SelectTreeCheck()
    {
    }

    /// <summary>Checks one statement's tree; answers where it reads <c>dataset</c> and whether it names it in a column.</summary>
    public static (IReadOnlyList<DatasetReference> References, bool QualifiesDataset) Run(JsonElement statement)
    {
        var check = new SelectTreeCheck();
        check.Visit(statement, NoNames);
        return (check._references.OrderBy(reference => reference.Utf8Offset).ToList(), check._qualifiesDataset);
    }

    private void Visit(JsonElement element, ImmutableHashSet<string> withNames)
    {
        // DuckDB bounds the depth of what it parses; this only turns a surprise into a refusal instead of a crash.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new QueryRejected(QueryRejected.UnsupportedSql, "The query is nested too deeply.");
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Visit(item, withNames);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            VisitObject(element, withNames);
        }
    }

    private void VisitObject(JsonElement node, ImmutableHashSet<string> withNames)
    {
        if (Text(node, "class") is { } expressionClass)
        {
            VisitExpression(node, expressionClass, withNames);
        }
        else if (node.TryGetProperty("cte_map", out _))
        {
            VisitQueryNode(node, withNames);
        }
        else if (Text(node, "type") is { } type && (TableRefTypes.Contains(type) || LooksLikeTableRef(node)))
        {
            VisitTableRef(node, type, withNames);
        }
        else
        {
            VisitChildren(node, withNames);
        }
    }

    private void VisitExpression(JsonElement node, string expressionClass, ImmutableHashSet<string> withNames)
    {
        if (expressionClass == "PARAMETER")
        {
            throw new QueryRejected(QueryRejected.UnsupportedSql,
                "Query parameters ($1, ?) are not supported: write the values into the SQL.");
        }

        // FUNCTION and WINDOW expressions both carry the function's name, schema and catalog.
        if (Text(node, "function_name") is { } function)
        {
            CheckFunction(function, Text(node, "schema"), Text(node, "catalog"));
        }

        if (expressionClass == "COLUMN_REF" && node.TryGetProperty("column_names", out var names)
            && names.GetArrayLength() > 1 && IsDataset(names[0].GetString()))
        {
            _qualifiesDataset = true;
        }

        if (IsDataset(Text(node, "relation_name")))
        {
            _qualifiesDataset = true;
        }

        VisitChildren(node, withNames);
    }

    private static void CheckFunction(string name, string? schema, string? catalog)
    {
        // The parser itself writes schema "main" on calls it makes up ([1, 2] is main.list_value); any other
        // qualification names functions of a catalog, which on the remote side could be another tenant's.
        if (!string.IsNullOrEmpty(catalog) || (!string.IsNullOrEmpty(schema) && schema != "main"))
        {
            throw new QueryRejected(QueryRejected.FunctionNotAllowed,
                $"Functions must be called by their plain name; '{QualifiedName(catalog, schema, name)}' is not allowed.");
        }

        if (DeniedFunctions.Contains(name))
        {
            throw new QueryRejected(QueryRejected.FunctionNotAllowed,
                $"The function {name}() is not allowed: it reveals the server's configuration, not the dataset.");
        }
    }

    /// <summary>
    /// A query node's WITH queries are visible in its body; each one also sees those written before it, and a
    /// recursive one (a RECURSIVE_CTE_NODE carrying its own name) sees itself. A name used anywhere else is a base
    /// table to DuckDB, so the scope must never be wider than DuckDB's.
    /// </summary>
    private void VisitQueryNode(JsonElement node, ImmutableHashSet<string> withNames)
    {
        var type = Text(node, "type") ?? "?";
        if (!QueryNodeTypes.Contains(type))
        {
            throw new QueryRejected(QueryRejected.UnsupportedSql, $"This kind of query ({type}) is not supported: only SELECT queries are.");
        }

        var scope = type == "RECURSIVE_CTE_NODE" && Text(node, "cte_name") is { Length: > 0 } self ? withNames.Add(self) : withNames;
        if (node.GetProperty("cte_map").TryGetProperty("map", out var ctes) && ctes.ValueKind == JsonValueKind.Array)
        {
            foreach (var cte in ctes.EnumerateArray())
            {
                Visit(cte.GetProperty("value"), scope);
                scope = scope.Add(cte.GetProperty("key").GetString()!);
            }
        }

        foreach (var property in node.EnumerateObject())
        {
            if (property.Name != "cte_map")
            {
                Visit(property.Value, scope);
            }
        }
    }

    private void VisitTableRef(JsonElement node, string type, ImmutableHashSet<string> withNames)
    {
        switch (type)
        {
            case "BASE_TABLE":
                CheckBaseTable(node, withNames);
                break;
            case "TABLE_FUNCTION":
                var function = node.TryGetProperty("function", out var call) ? Text(call, "function_name") : null;
                throw new QueryRejected(QueryRejected.TableFunctionNotAllowed,
                    $"Table functions such as {function ?? "this one"}(…) cannot be used: the query can read only the table 'dataset' " +
                    "and its own WITH queries.");
            case "SHOW_REF":
                throw new QueryRejected(QueryRejected.UnsupportedSql,
                    "DESCRIBE, SUMMARIZE and SHOW are not supported here: the dataset's schema endpoint describes its columns.");
            default:
                if (!PassThroughTableRefs.Contains(type))
                {
                    throw new QueryRejected(QueryRejected.UnsupportedSql, $"This kind of table reference ({type}) is not supported.");
                }

                break;
        }

        VisitChildren(node, withNames);
    }

    private void CheckBaseTable(JsonElement node, ImmutableHashSet<string> withNames)
    {
        var catalog = Text(node, "catalog_name") ?? string.Empty;
        var schema = Text(node, "schema_name") ?? string.Empty;
        var table = Text(node, "table_name") ?? string.Empty;
        var unqualified = catalog.Length == 0 && schema.Length == 0;
        if (unqualified && withNames.Contains(table))
        {
            return;
        }

        if (!unqualified || !IsDataset(table))
        {
            throw new QueryRejected(QueryRejected.TableNotAllowed,
                $"Only the table 'dataset' (and the query's own WITH queries) can be read; '{QualifiedName(catalog, schema, table)}' is not available.");
        }

        if (node.TryGetProperty("at_clause", out var at) && at.ValueKind != JsonValueKind.Null)
        {
            throw new QueryRejected(QueryRejected.UnsupportedSql, "Time travel (AT VERSION / AT TIMESTAMP) is not supported.");
        }

        var location = node.TryGetProperty("query_location", out var position) && position.TryGetUInt64(out var value) ? value : NoLocation;
        if (location == NoLocation || location > int.MaxValue)
        {
            // Only references the parser placed in the text can be rewritten for a remote table.
            throw new QueryRejected(QueryRejected.UnsupportedSql, "This form of reading 'dataset' is not supported; use FROM dataset.");
        }

        _references.Add(new DatasetReference((int)location, table, HasAlias: !string.IsNullOrEmpty(Text(node, "alias"))));
    }

    private void VisitChildren(JsonElement node, ImmutableHashSet<string> withNames)
    {
        foreach (var property in node.EnumerateObject())
        {
            Visit(property.Value, withNames);
        }
    }

    /// <summary>A table reference of a kind newer than this list still has its alias and sample: refuse it, do not walk past.</summary>
    private static bool LooksLikeTableRef(JsonElement node) =>
        node.TryGetProperty("alias", out _) && node.TryGetProperty("sample", out _);

    private static bool IsDataset(string? name) => string.Equals(name, DatasetTable, StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string QualifiedName(string? catalog, string? schema, string name) =>
        string.Join('.', new[] { catalog, schema, name }.Where(part => !string.IsNullOrEmpty(part)));
}
