using AgentProvision.Datasets.Query;
using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Tests.Query;

public sealed class RemoteSqlTests
{
    private const string Remote = "agentprovision_1f2e_3d4c.bronze.dataset_42";

    [Theory]
    [InlineData("SELECT * FROM dataset", $"SELECT * FROM {Remote}")]
    [InlineData("SELECT * FROM dataset WHERE id > 3", $"SELECT * FROM {Remote} WHERE id > 3")]
    [InlineData("SELECT d.id FROM dataset d JOIN dataset AS e ON d.id = e.id", $"SELECT d.id FROM {Remote} d JOIN {Remote} AS e ON d.id = e.id")]
    [InlineData("WITH recent AS (SELECT * FROM dataset WHERE id > 3) SELECT count(*) FROM recent", $"WITH recent AS (SELECT * FROM {Remote} WHERE id > 3) SELECT count(*) FROM recent")]
    [InlineData("SELECT dataset_id, 'dataset' AS d FROM dataset WHERE name <> 'FROM dataset'", $"SELECT dataset_id, 'dataset' AS d FROM {Remote} WHERE name <> 'FROM dataset'")]
    [InlineData("SELECT * FROM \"dataset\"", $"SELECT * FROM {Remote}")]
    [InlineData("SELECT * FROM DataSet", $"SELECT * FROM {Remote}")]
    [InlineData("SELECT * FROM dataset WHERE id IN (SELECT id FROM dataset)", $"SELECT * FROM {Remote} WHERE id IN (SELECT id FROM {Remote})")]
    [InlineData("TABLE dataset", $"TABLE {Remote}")]
    [InlineData("SELECT 'é' AS e, id FROM dataset", $"SELECT 'é' AS e, id FROM {Remote}")]
    [InlineData("SELECT name FROM dataset WHERE name ILIKE '%a%' AND created_at > now() - INTERVAL 3 DAY", $"SELECT name FROM {Remote} WHERE name ILIKE '%a%' AND created_at > now() - INTERVAL 3 DAY")]
    public void Every_reference_to_the_table_dataset_is_renamed_and_nothing_else(string sql, string expected)
    {
        Assert.Equal(expected, RemoteSql.ForTable(SqlStatementGuard.Check(sql), Remote));
    }

    [Fact]
    public void A_with_query_named_dataset_keeps_its_name_and_only_the_table_inside_it_is_renamed()
    {
        var query = SqlStatementGuard.Check("WITH dataset AS (SELECT * FROM dataset WHERE id < 3) SELECT * FROM dataset");

        Assert.Equal($"WITH dataset AS (SELECT * FROM {Remote} WHERE id < 3) SELECT * FROM dataset", RemoteSql.ForTable(query, Remote));
    }

    [Fact]
    public void Columns_qualified_by_dataset_keep_working_through_an_alias()
    {
        var query = SqlStatementGuard.Check("SELECT dataset.id, dataset.* FROM dataset JOIN dataset AS other USING (id)");

        Assert.Equal($"SELECT dataset.id, dataset.* FROM {Remote} AS dataset JOIN {Remote} AS other USING (id)", RemoteSql.ForTable(query, Remote));
    }

    [Theory]
    [InlineData("agentprovision_x-y.bronze.t", "\"agentprovision_x-y\".bronze.t")]
    [InlineData("cat.select.dataset_1", "cat.\"select\".dataset_1")]
    [InlineData("Cat.Bronze.Dataset 1", "Cat.Bronze.\"Dataset 1\"")]
    [InlineData("bronze.t", "bronze.t")]
    [InlineData("t", "t")]
    public void Name_parts_are_quoted_only_where_needed(string remote, string written)
    {
        Assert.Equal($"SELECT id FROM {written}", RemoteSql.ForTable(SqlStatementGuard.Check("SELECT id FROM dataset"), remote));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a.b.c.d")]
    [InlineData("a..b")]
    [InlineData("a.")]
    public void A_remote_name_that_is_not_one_to_three_parts_is_an_argument_error(string remote)
    {
        Assert.ThrowsAny<ArgumentException>(() => RemoteSql.ForTable(SqlStatementGuard.Check("SELECT 1 FROM dataset"), remote));
    }

    [Fact]
    public void A_rewrite_that_changed_more_than_the_table_would_be_caught()
    {
        var query = SqlStatementGuard.Check("SELECT * FROM dataset WHERE id > 3");
        string[] parts = ["cat", "bronze", "t"];

        RemoteSqlVerification.EnsureSameQuery(query, "SELECT * FROM cat.bronze.t WHERE id > 3", parts);
        Assert.Throws<InvalidOperationException>(() => RemoteSqlVerification.EnsureSameQuery(query, "SELECT * FROM cat.bronze.t WHERE id > 4", parts));
        Assert.Throws<InvalidOperationException>(() => RemoteSqlVerification.EnsureSameQuery(query, "SELECT * FROM cat.bronze.t WHERE id > 3; DROP TABLE x", parts));
        Assert.Throws<InvalidOperationException>(() => RemoteSqlVerification.EnsureSameQuery(query, "SELECT * FROM cat.other.t WHERE id > 3", parts));
    }

    [Theory]
    [InlineData("SELECT city, count(*) AS n FROM dataset GROUP BY city ORDER BY n DESC, city")]
    [InlineData("WITH t AS (SELECT * FROM dataset WHERE id % 2 = 0) SELECT t.id, d.name FROM t JOIN dataset d ON d.id = t.id + 1 ORDER BY 1")]
    [InlineData("SELECT dataset.id FROM dataset WHERE dataset.id < 4 ORDER BY 1")]
    [InlineData("WITH dataset AS (SELECT * FROM dataset WHERE id < 3) SELECT * FROM dataset ORDER BY id")]
    public void The_rewritten_sql_parses_again_and_answers_what_the_local_sql_answers(string sql)
    {
        using var files = new TestParquet();
        var path = files.WritePeople(20);
        var query = SqlStatementGuard.Check(sql);
        var local = new LocalQuerySandbox(new LocalQueryLimits()).Run(path, query, 1000, CancellationToken.None);

        var remoteRows = RunAsRemote(path, RemoteSql.ForTable(query, Remote));

        Assert.Equal(local.Rows.Select(row => string.Join('|', row.Values)), remoteRows);
    }

    /// <summary>The remote side as the emulator plays it: a DuckDB where the table has its three-part name.</summary>
    private static List<string> RunAsRemote(string parquetPath, string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = $"""
                ATTACH ':memory:' AS agentprovision_1f2e_3d4c;
                CREATE SCHEMA agentprovision_1f2e_3d4c.bronze;
                CREATE TABLE {Remote} AS SELECT * FROM read_parquet('{parquetPath}');
                """;
            setup.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => DuckDbValues.FromNative(reader.GetValue(i)))));
        }

        return rows;
    }
}
