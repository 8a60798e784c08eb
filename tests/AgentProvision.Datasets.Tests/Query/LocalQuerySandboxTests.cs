using System.Diagnostics;
using System.Text.Json;
using AgentProvision.Datasets.Query;

namespace AgentProvision.Datasets.Tests.Query;

public sealed class LocalQuerySandboxTests : IDisposable
{
    private readonly TestParquet _files = new();

    private readonly string _people;

    public LocalQuerySandboxTests()
    {
        _people = _files.WritePeople(100);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_select_with_where_group_by_and_order_by_answers_the_rows()
    {
        var result = Run("SELECT city, count(*) AS n, sum(update_count) AS updates FROM dataset WHERE id <= 10 GROUP BY city ORDER BY city");

        Assert.Equal(["city", "n", "updates"], result.Columns);
        Assert.Equal(5, result.RowCount);
        Assert.Equal(new Dictionary<string, object?> { ["city"] = "Kyiv", ["n"] = 2L, ["updates"] = 1L }, result.Rows[0]);
    }

    [Fact]
    public void A_with_query_is_read_like_a_table()
    {
        var result = Run("WITH busy AS (SELECT * FROM dataset WHERE update_count = 2) SELECT count(*) AS n, min(id) AS first FROM busy");

        Assert.Equal(33L, result.Rows[0]["n"]);
        Assert.Equal(2L, result.Rows[0]["first"]);
    }

    [Fact]
    public void Columns_named_like_keywords_are_read_as_columns()
    {
        var result = Run("SELECT created_at, update_count, dataset_id FROM dataset WHERE id = 1");

        Assert.Equal(new DateTime(2024, 1, 1, 0, 1, 0), result.Rows[0]["created_at"]);
        Assert.Equal(1L, result.Rows[0]["update_count"]);
        Assert.Equal(1L, result.Rows[0]["dataset_id"]);
    }

    [Fact]
    public void The_result_names_the_sql_that_ran_and_how_long_it_took()
    {
        var query = SqlStatementGuard.Check("SELECT id FROM dataset WHERE id = 7;");

        var result = Sandbox().Run(_people, query, 10, CancellationToken.None);

        Assert.Equal("SELECT id FROM dataset WHERE id = 7", result.Query);
        Assert.True(result.ExecutionTimeMs > 0);
    }

    [Fact]
    public void No_more_rows_than_the_limit_are_answered()
    {
        var result = Run("SELECT * FROM dataset", limit: 7);

        Assert.Equal(7, result.RowCount);
        Assert.Equal(7, result.Rows.Count);
    }

    [Fact]
    public void Reading_stops_at_the_limit_instead_of_computing_the_whole_result()
    {
        // 100,000 x 100,000 rows would take minutes and far more than 64MB; streamed, the first 5 come at once.
        var big = _files.WritePeople(100_000, "big.parquet");
        var sandbox = Sandbox(new LocalQueryLimits { Timeout = TimeSpan.FromSeconds(5), MemoryLimit = "64MB" });

        var result = sandbox.Run(big, SqlStatementGuard.Check("SELECT a.id, b.name FROM dataset a, dataset b"), 5, CancellationToken.None);

        Assert.Equal(5, result.RowCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_limit_outside_1_to_the_maximum_is_refused(int limit)
    {
        var refusal = Assert.Throws<QueryRejected>(() => Run("SELECT * FROM dataset", limit));

        Assert.Equal(QueryRejected.InvalidLimit, refusal.Code);
    }

    /// <summary>100^5 rows to look at: hours of work, with no table function needed.</summary>
    private const string Endless = "SELECT count(*) FROM dataset a, dataset b, dataset c, dataset d, dataset e WHERE a.id + b.id + c.id + d.id + e.id = -1";

    [Fact]
    public void A_query_that_runs_too_long_is_stopped_with_query_timeout()
    {
        var sandbox = Sandbox(new LocalQueryLimits { Timeout = TimeSpan.FromMilliseconds(300) });
        var query = SqlStatementGuard.Check(Endless);
        var stopwatch = Stopwatch.StartNew();

        var refusal = Assert.Throws<QueryRejected>(() => sandbox.Run(_people, query, 10, CancellationToken.None));

        Assert.Equal(QueryRejected.QueryTimeout, refusal.Code);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_query_that_needs_more_memory_than_the_limit_fails_without_spilling_to_disk()
    {
        var sandbox = Sandbox(new LocalQueryLimits { MemoryLimit = "16MB", Timeout = TimeSpan.FromSeconds(30) });
        var wide = _files.WritePeople(3000, "wide.parquet");
        var query = SqlStatementGuard.Check("SELECT list(a.name || b.name) FROM dataset a, dataset b");

        var refusal = Assert.Throws<QueryRejected>(() => sandbox.Run(wide, query, 10, CancellationToken.None));

        Assert.Equal(QueryRejected.QueryFailed, refusal.Code);
        Assert.StartsWith("Query execution failed: Out of Memory Error", refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith("(a query may use 16MB)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_request_cancels_the_query()
    {
        var sandbox = Sandbox(new LocalQueryLimits { Timeout = TimeSpan.FromMinutes(1) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stopwatch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => sandbox.Run(_people, SqlStatementGuard.Check(Endless), 10, cancellation.Token));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"stopped after {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_failing_query_says_why_without_the_files_path()
    {
        var refusal = Assert.Throws<QueryRejected>(() => Run("SELECT no_such_column FROM dataset"));

        Assert.Equal(QueryRejected.QueryFailed, refusal.Code);
        Assert.StartsWith("Query execution failed: Binder Error", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_files.Directory, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_not_a_query_error()
    {
        Assert.Throws<FileNotFoundException>(() => Sandbox().Run(_files.PathOf("gone.parquet"), SqlStatementGuard.Check("SELECT 1"), 1, CancellationToken.None));
    }

    [Fact]
    public void Repeated_column_names_get_a_suffix_so_every_value_is_kept()
    {
        var result = Run("SELECT id, id, id AS \"ID\" FROM dataset WHERE id = 3");

        Assert.Equal(["id", "id_1", "ID_2"], result.Columns);
        Assert.Equal([3L, 3L, 3L], result.Rows[0].Values);
    }

    [Fact]
    public void Values_of_every_kind_come_back_json_ready()
    {
        var result = Run("""
            SELECT 7::TINYINT AS tiny, 9007199254740993::BIGINT AS big, 170141183460469231731687303715884105727::HUGEINT AS huge,
                   sum(id) AS total, 1.25::DOUBLE AS dbl, 'NaN'::DOUBLE AS nan, 'inf'::FLOAT AS inf, 12.34::DECIMAL(10, 2) AS dec,
                   123456789012345678901234567890.5::DECIMAL(38, 1) AS wide, true AS yes, DATE '2024-02-29' AS day,
                   'infinity'::DATE AS forever, TIMESTAMP '2024-02-29 10:11:12.5' AS at, TIMESTAMPTZ '2024-02-29 10:00:00+02' AS at_tz,
                   TIME '10:11:12' AS clock, INTERVAL 1 MONTH + INTERVAL 2 DAY AS span, 'ab'::BLOB AS blob,
                   '6c2c2b9e-5d5f-4b5e-9d16-2d1e5a0b8a11'::UUID AS id, [1, NULL, 3] AS list, [[1.5, 'nan'::DOUBLE]] AS nested,
                   {'x': 1, 'y': [true]} AS struct, MAP {'k': 2} AS map, 'b'::ENUM('a', 'b') AS mood, NULL AS nothing
            FROM dataset
            """);

        var row = result.Rows[0];
        Assert.Equal(7L, row["tiny"]);
        Assert.Equal(9007199254740993L, row["big"]);
        Assert.Equal("170141183460469231731687303715884105727", row["huge"]);
        Assert.Equal(5050L, row["total"]);
        Assert.Equal(1.25, row["dbl"]);
        Assert.Equal("NaN", row["nan"]);
        Assert.Equal("Infinity", row["inf"]);
        Assert.Equal(12.34m, row["dec"]);
        Assert.Equal("123456789012345678901234567890.5", row["wide"]);
        Assert.Equal(true, row["yes"]);
        Assert.Equal("2024-02-29", row["day"]);
        Assert.Equal("infinity", row["forever"]);
        Assert.Equal(new DateTime(2024, 2, 29, 10, 11, 12, 500), row["at"]);
        Assert.Equal(new DateTime(2024, 2, 29, 8, 0, 0, DateTimeKind.Utc), row["at_tz"]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)row["at_tz"]!).Kind);
        Assert.Equal("10:11:12", row["clock"]);
        Assert.Equal("1 month 2 days", row["span"]);
        Assert.Equal("YWI=", row["blob"]);
        Assert.Equal("6c2c2b9e-5d5f-4b5e-9d16-2d1e5a0b8a11", row["id"]);
        Assert.Equal(new List<object?> { 1L, null, 3L }, row["list"]);
        Assert.Equal(new List<object?> { new List<object?> { 1.5m, "NaN" } }, row["nested"]);
        Assert.Equal(new Dictionary<string, object?> { ["x"] = 1L, ["y"] = new List<object?> { true } }, row["struct"]);
        Assert.Equal(new Dictionary<string, object?> { ["k"] = 2L }, row["map"]);
        Assert.Equal("b", row["mood"]);
        Assert.Null(row["nothing"]);
        Assert.Contains("to_json", result.Query, StringComparison.Ordinal);
        Assert.NotEmpty(JsonSerializer.Serialize(result));
    }

    [Fact]
    public void Converting_nested_values_keeps_the_queries_order()
    {
        var result = Run("SELECT id, [id] AS ids FROM dataset ORDER BY id DESC", limit: 3);

        Assert.Equal([100L, 99L, 98L], result.Rows.Select(row => row["id"]));
        Assert.Equal(new List<object?> { 100L }, result.Rows[0]["ids"]);
    }

    [Fact]
    public void Queries_in_parallel_each_get_their_own_database()
    {
        var counts = Enumerable.Range(1, 8).AsParallel().Select(i => Run($"SELECT count(*) AS n FROM dataset WHERE id <= {i * 10}").Rows[0]["n"]).ToList();

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (object?)(long)(i * 10)), counts);
    }

    private QueryResult Run(string sql, int limit = 1000) => Sandbox().Run(_people, SqlStatementGuard.Check(sql), limit, CancellationToken.None);

    private static LocalQuerySandbox Sandbox(LocalQueryLimits? limits = null) => new(limits ?? new LocalQueryLimits());
}
