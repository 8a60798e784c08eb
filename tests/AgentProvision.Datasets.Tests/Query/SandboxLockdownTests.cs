using AgentProvision.Datasets.Query;

namespace AgentProvision.Datasets.Tests.Query;

/// <summary>
/// Hostile SQL straight at the locked-down database, as if the guard had let it through: the lockdown alone must
/// refuse every way out. (The guard refuses all of these first; see SqlStatementGuardTests.)
/// </summary>
public sealed class SandboxLockdownTests : IDisposable
{
    private readonly TestParquet _files = new();

    private readonly string _dataset;

    private readonly string _other;

    public SandboxLockdownTests()
    {
        _dataset = _files.WritePeople(10, "dataset.parquet");
        _other = _files.Write("SELECT 'other tenant' AS secret", "other.parquet");
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_dataset_itself_is_readable()
    {
        Assert.Equal(10L, RunHostile("SELECT count(*) AS n FROM dataset").Rows[0]["n"]);
    }

    [Theory]
    [InlineData("SELECT * FROM read_parquet('{other}')", "Permission Error")]
    [InlineData("SELECT * FROM '{other}'", "Permission Error")]
    [InlineData("SELECT * FROM read_parquet(['{dataset}', '{other}'])", "Permission Error")]
    [InlineData("SELECT * FROM read_parquet('{dir}/*.parquet')", "Permission Error")]
    [InlineData("SELECT * FROM read_parquet('{dataset}/../other.parquet')", "Permission Error")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "Permission Error")]
    [InlineData("SELECT * FROM read_text('/etc/passwd')", "Permission Error")]
    [InlineData("SELECT * FROM read_blob('/etc/passwd')", "Permission Error")]
    [InlineData("SELECT * FROM glob('/*')", "Permission Error")]
    [InlineData("SELECT * FROM read_parquet('https://example.com/x.parquet')", "Permission Error")]
    [InlineData("SELECT * FROM read_parquet('file://{other}')", "Permission Error")]
    [InlineData("SELECT * FROM '/etc/passwd'", "Catalog Error: Table with name /etc/passwd does not exist")]
    public void Reading_any_other_file_is_refused(string sql, string error)
    {
        AssertRefused(sql, error);
    }

    [Fact]
    public void Copy_to_a_file_is_refused_and_writes_nothing()
    {
        var target = _files.PathOf("x.csv");

        AssertRefused($"COPY dataset TO '{target}'", "Permission Error");
        AssertRefused("COPY dataset TO '/tmp/x.csv'", "Permission Error");
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Overwriting_the_datasets_own_file_is_refused()
    {
        var before = File.ReadAllBytes(_dataset);

        AssertRefused($"COPY (SELECT 1 AS id) TO '{_dataset}' (FORMAT parquet)", "Error");

        Assert.Equal(before, File.ReadAllBytes(_dataset));
    }

    [Fact]
    public void Attaching_a_database_file_is_refused_and_creates_nothing()
    {
        var target = _files.PathOf("x.db");

        AssertRefused($"ATTACH '{target}' AS x", "Permission Error");
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("FORCE INSTALL httpfs FROM community")]
    public void Installing_or_loading_extensions_is_refused(string sql)
    {
        AssertRefused(sql, "Error");
    }

    [Theory]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET lock_configuration = false")]
    [InlineData("RESET lock_configuration")]
    [InlineData("SET memory_limit = '10GB'")]
    [InlineData("SET allowed_paths = ['/etc/passwd']")]
    [InlineData("SET temp_directory = '/tmp'")]
    [InlineData("PRAGMA memory_limit = '10GB'")]
    [InlineData("PRAGMA profiling_output = '/tmp/profile.txt'")]
    [InlineData("SET autoload_known_extensions = true")]
    public void Changing_settings_is_refused(string sql)
    {
        AssertRefused(sql, "the configuration has been locked");
    }

    [Theory]
    [InlineData("CREATE TABLE t AS SELECT * FROM dataset")]
    [InlineData("DROP VIEW dataset")]
    [InlineData("CREATE OR REPLACE VIEW dataset AS SELECT 1 AS id")]
    [InlineData("CREATE SCHEMA s")]
    public void Writing_to_the_database_is_refused(string sql)
    {
        AssertRefused(sql, "read-only");
    }

    [Fact]
    public void Exporting_the_database_is_refused()
    {
        AssertRefused($"EXPORT DATABASE '{_files.PathOf("export")}'", "Error");
        Assert.False(Directory.Exists(_files.PathOf("export")));
    }

    private QueryResult RunHostile(string sql) =>
        new LocalQuerySandbox(new LocalQueryLimits()).RunUnchecked(_dataset, Expand(sql), 100, CancellationToken.None);

    private void AssertRefused(string sql, string expected)
    {
        var refusal = Assert.Throws<QueryRejected>(() => RunHostile(sql));

        Assert.Equal(QueryRejected.QueryFailed, refusal.Code);
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    private string Expand(string sql) => sql
        .Replace("{other}", _other, StringComparison.Ordinal)
        .Replace("{dataset}", _dataset, StringComparison.Ordinal)
        .Replace("{dir}", _files.Directory, StringComparison.Ordinal);
}
