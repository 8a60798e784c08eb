namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Makes header names (or JSON keys) into usable column names: trimmed; an empty name becomes <c>column_{n}</c> (its
/// 1-based position); a repeated name gets <c>_2</c>, <c>_3</c>... Names are compared ignoring case, since DuckDB, which
/// queries the files, does; and a suffix never takes a name that appears as such elsewhere in the header.
/// </summary>
internal static class ColumnNames
{
    public static string[] Normalize(IReadOnlyList<string> raw)
    {
        var trimmed = raw.Select((name, i) => name.Trim() is { Length: > 0 } t ? t : $"column_{i + 1}").ToArray();
        var given = new HashSet<string>(trimmed, StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new string[trimmed.Length];
        for (var i = 0; i < trimmed.Length; i++)
        {
            var name = trimmed[i];
            if (!used.Add(name))
            {
                var n = 2;
                while (given.Contains($"{name}_{n}") || !used.Add($"{name}_{n}"))
                {
                    n++;
                }

                name = $"{name}_{n}";
            }

            result[i] = name;
        }

        return result;
    }
}
