using System.Text.Json.Nodes;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// Proof that a rewrite changed nothing but the table: the rewritten SQL parses to the tenant's tree with each
/// reference to <c>dataset</c> renamed (and aliased <c>dataset</c> where an alias was added). Positions are left out
/// of the comparison, since the longer name moves everything after it.
/// </summary>
internal static class RemoteSqlVerification
{
    public static void EnsureSameQuery(CheckedQuery query, string rewritten, IReadOnlyList<string> parts)
    {
        var expected = ParseOne(query.Sql);
        var offsets = query.DatasetReferences.Select(reference => (ulong)reference.Utf8Offset).ToHashSet();
        Rename(expected, offsets, parts, aliasAdded: query.QualifiesDataset);
        WithoutPositions(expected);

        var actual = ParseOne(rewritten);
        WithoutPositions(actual);
        if (!JsonNode.DeepEquals(expected, actual))
        {
            throw new InvalidOperationException($"Rewriting the query for a remote table changed more than the table: {rewritten}");
        }
    }

    private static JsonNode ParseOne(string sql)
    {
        using var tree = DuckDbParser.Serialize(sql);
        var root = tree.RootElement;
        if (root.GetProperty("error").GetBoolean() || root.GetProperty("statements").GetArrayLength() != 1)
        {
            throw new InvalidOperationException($"The query rewritten for a remote table does not parse as one SELECT: {sql} ({root})");
        }

        return JsonNode.Parse(root.GetProperty("statements")[0].GetRawText(), documentOptions: new() { MaxDepth = DuckDbParser.JsonMaxDepth })!;
    }

    private static void Rename(JsonNode? node, HashSet<ulong> offsets, IReadOnlyList<string> parts, bool aliasAdded)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Rename(item, offsets, parts, aliasAdded);
            }
        }
        else if (node is JsonObject table && Text(table["type"]) == "BASE_TABLE" && table["class"] is null
                 && table["query_location"] is JsonValue location && offsets.Contains(location.GetValue<ulong>()))
        {
            table["catalog_name"] = parts.Count == 3 ? parts[0] : "";
            table["schema_name"] = parts.Count >= 2 ? parts[^2] : "";
            table["table_name"] = parts[^1];
            if (aliasAdded && string.IsNullOrEmpty(Text(table["alias"])))
            {
                table["alias"] = "dataset";
            }
        }
        else if (node is JsonObject other)
        {
            foreach (var (_, value) in other)
            {
                Rename(value, offsets, parts, aliasAdded);
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void WithoutPositions(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                WithoutPositions(item);
            }
        }
        else if (node is JsonObject obj)
        {
            obj.Remove("query_location");
            foreach (var (_, value) in obj)
            {
                WithoutPositions(value);
            }
        }
    }
}
