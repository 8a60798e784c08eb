using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Tests.Query;

/// <summary>A temporary directory with Parquet files written by a plain (unlocked) DuckDB's COPY; deleted on dispose.</summary>
internal sealed class TestParquet : IDisposable
{
    public TestParquet()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("query-tests-").FullName;
    }

    public string Directory { get; }

    /// <summary>People: id 1..rows, name, city (5 distinct), created_at, update_count, dataset_id, score.</summary>
    public static string PeopleSelect(int rows) => $"""
        SELECT i AS id, 'person ' || i AS name, ['Oslo', 'Paris', 'Lima', 'Pune', 'Kyiv'][i % 5 + 1] AS city,
               TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS created_at, i % 3 AS update_count,
               i % 7 AS dataset_id, i * 1.5 AS score
        FROM range(1, {rows + 1}) t(i)
        """;

    public string WritePeople(int rows, string name = "people.parquet") => Write(PeopleSelect(rows), name);

    public string Write(string select, string name = "dataset.parquet")
    {
        var path = Path.Combine(Directory, name);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY ({select}) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)";
        command.ExecuteNonQuery();
        return path;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
