using AgentProvision.Datasets.Query;

namespace AgentProvision.Datasets.Tests.Query;

public sealed class SqlStatementGuardTests
{
    [Theory]
    [InlineData("SELECT city, count(*) AS n FROM dataset WHERE id > 3 GROUP BY city ORDER BY n DESC")]
    [InlineData("WITH recent AS (SELECT * FROM dataset WHERE created_at > TIMESTAMP '2024-01-01') SELECT count(*) FROM recent")]
    [InlineData("SELECT id FROM dataset UNION ALL SELECT id FROM dataset")]
    [InlineData("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)")]
    [InlineData("FROM dataset SELECT id LIMIT 3")]
    [InlineData("SELECT d.id, e.name FROM dataset d JOIN dataset AS e ON d.id = e.id")]
    [InlineData("SELECT * FROM dataset WHERE id IN (SELECT id FROM dataset WHERE update_count = 2)")]
    [InlineData("SELECT id, row_number() OVER (PARTITION BY city ORDER BY id) FROM dataset QUALIFY row_number() OVER (PARTITION BY city ORDER BY id) = 1")]
    [InlineData("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT * FROM n")]
    [InlineData("WITH a AS (SELECT id FROM dataset), b AS (SELECT id FROM a) SELECT * FROM b")]
    [InlineData("SELECT dataset.id, dataset.* FROM dataset")]
    [InlineData("SELECT * FROM \"dataset\"")]
    [InlineData("SELECT * FROM DATASET")]
    [InlineData("SELECT list_transform([1, 2], x -> x + 1), lower(name), current_date FROM dataset")]
    public void A_single_select_over_dataset_is_accepted(string sql)
    {
        Assert.Equal(sql, SqlStatementGuard.Check(sql).Sql);
    }

    [Theory]
    [InlineData("SELECT CASE WHEN score > 10 THEN 'high' ELSE 'low' END, CAST(id AS VARCHAR), coalesce(name, '?') FROM dataset")]
    [InlineData("SELECT * FROM dataset WHERE id BETWEEN 1 AND 5 AND name LIKE 'p%' AND city IN ('Oslo', 'Lima') AND NOT EXISTS (SELECT 1 FROM dataset d WHERE d.id = dataset.id + 1000)")]
    [InlineData("SELECT city, sum(score) FILTER (WHERE id > 3), string_agg(name, ',' ORDER BY id) FROM dataset GROUP BY ROLLUP (city) HAVING count(*) > 1")]
    [InlineData("SELECT city, count(*) FROM dataset GROUP BY GROUPING SETS ((city), ())")]
    [InlineData("SELECT DISTINCT ON (city) city, id FROM dataset ORDER BY city, id DESC LIMIT 10 OFFSET 2")]
    [InlineData("SELECT id, avg(score) OVER w FROM dataset WINDOW w AS (PARTITION BY city ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)")]
    [InlineData("SELECT date_trunc('day', created_at) AS day, count(*) FROM dataset WHERE created_at >= now() - INTERVAL 7 DAY GROUP BY ALL ORDER BY ALL")]
    [InlineData("SELECT * EXCLUDE (name) REPLACE (score * 2 AS score) FROM dataset")]
    [InlineData("SELECT COLUMNS('.*_id') FROM dataset")]
    [InlineData("SELECT a.id FROM dataset a LEFT JOIN dataset b ON a.id = b.id + 1 ANTI JOIN dataset c ON c.id = a.id")]
    [InlineData("SELECT * FROM dataset a NATURAL JOIN dataset b")]
    [InlineData("SELECT * FROM dataset a ASOF JOIN dataset b ON a.id >= b.id")]
    [InlineData("SELECT * FROM dataset a, LATERAL (SELECT a.id * 2 AS twice) t")]
    [InlineData("SELECT * FROM dataset USING SAMPLE 10%")]
    [InlineData("SELECT * FROM dataset PIVOT (sum(score) FOR city IN ('Oslo', 'Lima'))")]
    [InlineData("SELECT * FROM dataset UNPIVOT (value FOR column_name IN (id, update_count))")]
    [InlineData("SELECT {'a': id}.a, [x * 2 FOR x IN [1, 2, 3]], regexp_matches(name, '\\d+') FROM dataset")]
    [InlineData("SELECT id FROM dataset INTERSECT SELECT id FROM dataset EXCEPT SELECT 1")]
    [InlineData("WITH t AS MATERIALIZED (SELECT * FROM dataset) SELECT count(*) FROM t")]
    public void Everyday_sql_is_accepted(string sql)
    {
        Assert.Equal(sql, SqlStatementGuard.Check(sql).Sql);
    }

    [Fact]
    public void Columns_and_literals_that_look_like_keywords_are_just_columns_and_literals()
    {
        const string sql = "SELECT created_at, update_count, dataset_id, 'drop table dataset; delete' AS said FROM dataset WHERE name <> 'insert'";

        Assert.Equal(sql, SqlStatementGuard.Check(sql).Sql);
    }

    [Theory]
    [InlineData("  SELECT 1 FROM dataset;  ", "SELECT 1 FROM dataset")]
    [InlineData("SELECT 1 FROM dataset;;\n", "SELECT 1 FROM dataset")]
    [InlineData("SELECT 1 FROM dataset -- the last comment\n", "SELECT 1 FROM dataset")]
    [InlineData("SELECT 1 FROM dataset /* a /* nested */ comment */ ;", "SELECT 1 FROM dataset")]
    [InlineData("SELECT 'a;b -- not a comment' FROM dataset; -- c", "SELECT 'a;b -- not a comment' FROM dataset")]
    [InlineData("SELECT E'it\\'s; -- still text' FROM dataset", "SELECT E'it\\'s; -- still text' FROM dataset")]
    [InlineData("SELECT $tag$ ; -- text $tag$ FROM dataset;", "SELECT $tag$ ; -- text $tag$ FROM dataset")]
    [InlineData("-- leading comment\nSELECT 1", "-- leading comment\nSELECT 1")]
    public void The_checked_sql_is_trimmed_of_trailing_semicolons_and_comments(string sql, string expected)
    {
        Assert.Equal(expected, SqlStatementGuard.Check(sql).Sql);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("-- only a comment")]
    [InlineData(" ; ; ")]
    public void Empty_sql_is_refused(string? sql)
    {
        Assert.Equal(QueryRejected.EmptyQuery, Refused(sql).Code);
    }

    [Theory]
    [InlineData("SELEC * FROM dataset")]
    [InlineData("SELECT * FROM dataset WHERE")]
    [InlineData("SELECT 'unterminated FROM dataset")]
    public void Sql_that_does_not_parse_is_refused_with_the_parsers_message(string sql)
    {
        var refusal = Refused(sql);

        Assert.Equal(QueryRejected.SyntaxError, refusal.Code);
        Assert.StartsWith("The SQL could not be parsed: ", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE dataset")]
    [InlineData("SELECT * FROM dataset; SELECT * FROM dataset")]
    [InlineData("SELECT 1; COPY dataset TO '/tmp/x.csv'")]
    public void Several_statements_are_refused(string sql)
    {
        var refusal = Refused(sql);

        Assert.Equal(QueryRejected.MultipleStatements, refusal.Code);
        Assert.Contains("2 statements", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INSERT INTO dataset VALUES (1)", "INSERT")]
    [InlineData("UPDATE dataset SET id = 1", "UPDATE")]
    [InlineData("DELETE FROM dataset", "DELETE")]
    [InlineData("CREATE TABLE t AS SELECT * FROM dataset", "CREATE")]
    [InlineData("DROP VIEW dataset", "DROP")]
    [InlineData("COPY dataset TO '/tmp/x.csv'", "COPY")]
    [InlineData("ATTACH '/tmp/x.db' AS x", "ATTACH")]
    [InlineData("DETACH x", "DETACH")]
    [InlineData("INSTALL httpfs", "INSTALL")]
    [InlineData("LOAD httpfs", "LOAD")]
    [InlineData("SET enable_external_access = true", "SET")]
    [InlineData("RESET memory_limit", "RESET")]
    [InlineData("PRAGMA database_list", "PRAGMA")]
    [InlineData("CALL duckdb_settings()", "CALL")]
    [InlineData("EXPORT DATABASE '/tmp/out'", "EXPORT")]
    [InlineData("EXPLAIN SELECT * FROM dataset", "EXPLAIN")]
    [InlineData("CHECKPOINT", "CHECKPOINT")]
    [InlineData("USE memory", "USE")]
    [InlineData("WITH x AS (SELECT 1) INSERT INTO dataset SELECT * FROM x", null)]
    public void Statements_other_than_select_are_refused_by_name(string sql, string? keyword)
    {
        var refusal = Refused(sql);

        Assert.Equal(QueryRejected.NotASelect, refusal.Code);
        Assert.Contains("Only a single SELECT query over the table 'dataset' is allowed", refusal.Message, StringComparison.Ordinal);
        if (keyword is not null)
        {
            Assert.StartsWith($"{keyword} statements are not allowed.", refusal.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM read_parquet('/data/other-tenant/1.parquet')")]
    [InlineData("SELECT * FROM read_json('x.json')")]
    [InlineData("SELECT * FROM read_text('/etc/passwd')")]
    [InlineData("SELECT * FROM read_blob('/etc/passwd')")]
    [InlineData("SELECT * FROM glob('/*')")]
    [InlineData("SELECT * FROM parquet_scan('x.parquet')")]
    [InlineData("SELECT * FROM sniff_csv('x.csv')")]
    [InlineData("SELECT * FROM query_table('dataset')")]
    [InlineData("SELECT * FROM query('SELECT 1')")]
    [InlineData("SELECT * FROM range(10)")]
    [InlineData("SELECT * FROM duckdb_settings()")]
    [InlineData("SELECT * FROM read_parquet('https://example.com/x.parquet')")]
    [InlineData("SELECT * FROM dataset WHERE id IN (SELECT * FROM range(3))")]
    [InlineData("WITH f AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM f")]
    [InlineData("SELECT * FROM dataset, LATERAL (SELECT * FROM read_text(dataset.name))")]
    public void Table_functions_are_refused_wherever_they_appear(string sql)
    {
        var refusal = Refused(sql);

        Assert.Equal(QueryRejected.TableFunctionNotAllowed, refusal.Code);
        Assert.Contains("can read only the table 'dataset'", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM other_dataset", "other_dataset")]
    [InlineData("SELECT * FROM main.dataset", "main.dataset")]
    [InlineData("SELECT * FROM main.dataset2", "main.dataset2")]
    [InlineData("SELECT * FROM memory.main.dataset", "memory.main.dataset")]
    [InlineData("SELECT * FROM agentprovision_t.bronze.dataset_1", "agentprovision_t.bronze.dataset_1")]
    [InlineData("SELECT * FROM information_schema.tables", "information_schema.tables")]
    [InlineData("SELECT * FROM duckdb_views", "duckdb_views")]
    [InlineData("SELECT * FROM pg_catalog.pg_class", "pg_catalog.pg_class")]
    [InlineData("SELECT * FROM '/etc/passwd'", "/etc/passwd")]
    [InlineData("SELECT * FROM 'https://example.com/x.csv'", "https://example.com/x.csv")]
    [InlineData("SELECT * FROM dataset JOIN secrets USING (id)", "secrets")]
    [InlineData("SELECT (SELECT count(*) FROM users) FROM dataset", "users")]
    public void Tables_other_than_dataset_are_refused(string sql, string table)
    {
        var refusal = Refused(sql);

        Assert.Equal(QueryRejected.TableNotAllowed, refusal.Code);
        Assert.Contains($"'{table}' is not available", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WITH a AS (SELECT * FROM duckdb_views), duckdb_views AS (SELECT 1) SELECT * FROM a")]
    [InlineData("WITH duckdb_views AS (SELECT * FROM duckdb_views) SELECT * FROM duckdb_views")]
    [InlineData("SELECT * FROM (WITH duckdb_views AS (SELECT 1) SELECT 1), duckdb_views")]
    [InlineData("WITH a AS (WITH duckdb_views AS (SELECT 1) SELECT 1) SELECT * FROM a, duckdb_views")]
    public void A_with_name_counts_only_where_duckdb_would_see_it(string sql)
    {
        Assert.Equal(QueryRejected.TableNotAllowed, Refused(sql).Code);
    }

    [Fact]
    public void A_with_query_named_dataset_may_read_the_table_dataset()
    {
        var query = SqlStatementGuard.Check("WITH dataset AS (SELECT * FROM dataset WHERE id < 3) SELECT * FROM dataset");

        Assert.Equal(31, Assert.Single(query.DatasetReferences).Utf8Offset);
    }

    [Theory]
    [InlineData("SELECT current_setting('allowed_paths')")]
    [InlineData("SELECT getenv('HOME') FROM dataset")]
    [InlineData("SELECT bronze.my_udf(name) FROM dataset")]
    [InlineData("SELECT other_catalog.bronze.my_udf(name) FROM dataset")]
    [InlineData("SELECT system.main.version()")]
    public void Functions_that_reveal_the_server_or_are_qualified_are_refused(string sql)
    {
        Assert.Equal(QueryRejected.FunctionNotAllowed, Refused(sql).Code);
    }

    [Theory]
    [InlineData("DESCRIBE dataset")]
    [InlineData("SUMMARIZE dataset")]
    [InlineData("SHOW TABLES")]
    [InlineData("SELECT * FROM dataset WHERE id = $1")]
    [InlineData("SELECT * FROM dataset WHERE id = ?")]
    [InlineData("SELECT * FROM dataset AT (VERSION => 1)")]
    public void Describe_show_parameters_and_time_travel_are_refused(string sql)
    {
        Assert.Equal(QueryRejected.UnsupportedSql, Refused(sql).Code);
    }

    [Fact]
    public void Sql_nested_deeper_than_the_parser_allows_is_refused()
    {
        var sql = "SELECT 1" + string.Concat(Enumerable.Repeat(" + 1", DuckDbParser.MaxExpressionDepth + 10)) + " FROM dataset";

        Assert.Equal(QueryRejected.UnsupportedSql, Refused(sql).Code);
    }

    [Theory]
    [InlineData(" + 1")]
    [InlineData(" || 'x'")]
    public void Sql_nested_just_within_the_parsers_limit_is_checked_without_failing(string term)
    {
        var sql = "SELECT 1" + string.Concat(Enumerable.Repeat(term, DuckDbParser.MaxExpressionDepth - 10)) + " FROM dataset";

        Assert.Single(SqlStatementGuard.Check(sql).DatasetReferences);
    }

    [Fact]
    public void Deeply_nested_subqueries_are_checked_or_refused_but_never_crash()
    {
        var sql = string.Concat(Enumerable.Repeat("SELECT * FROM (", 300)) + "SELECT * FROM dataset" + new string(')', 300);

        try
        {
            Assert.Single(SqlStatementGuard.Check(sql).DatasetReferences);
        }
        catch (QueryRejected refusal)
        {
            Assert.Equal(QueryRejected.UnsupportedSql, refusal.Code);
        }
    }

    [Fact]
    public void Sql_longer_than_the_limit_is_refused_before_parsing()
    {
        var sql = "SELECT 1 FROM dataset WHERE name = '" + new string('x', SqlStatementGuard.MaxSqlLength) + "'";

        Assert.Equal(QueryRejected.QueryTooLong, Refused(sql).Code);
    }

    [Fact]
    public void A_nul_character_is_refused()
    {
        Assert.Equal(QueryRejected.SyntaxError, Refused("SELECT 1\0; DROP TABLE x").Code);
    }

    private static QueryRejected Refused(string? sql) => Assert.Throws<QueryRejected>(() => SqlStatementGuard.Check(sql));
}
