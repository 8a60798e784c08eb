using System.Globalization;
using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// A fresh in-memory DuckDB that sees one Parquet file as the view <c>dataset</c> and nothing else: no other file,
/// no network, no extension to install or load, no setting to change, nothing spilled to disk, and the user's SQL
/// runs in a read-only transaction. This holds even for SQL the guard never saw.
/// </summary>
internal sealed class SandboxDatabase : IDisposable
{
    private SandboxDatabase(DuckDBConnection connection, string parquetPath)
    {
        Connection = connection;
        ParquetPath = parquetPath;
    }

    public DuckDBConnection Connection { get; }

    /// <summary>The full path of the file, to keep it out of messages the tenant sees.</summary>
    public string ParquetPath { get; }

    /// <exception cref="FileNotFoundException">The dataset's file is not there.</exception>
    public static SandboxDatabase Open(string parquetPath, LocalQueryLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(parquetPath);
        var path = Path.GetFullPath(parquetPath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The dataset's Parquet file does not exist.", path);
        }

        // read_parquet would read a path with these as a glob pattern, and allowed_paths is an exact match.
        if (path.IndexOfAny(['*', '?', '[', ']', '{', '}']) >= 0)
        {
            throw new ArgumentException($"A dataset file path may not contain glob characters: {path}", nameof(parquetPath));
        }

        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            LockDown(connection, path, limits);
            return new SandboxDatabase(connection, path);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The order is DuckDB's: temp_directory cannot change once external access is off; the view is created while
    /// the file can still be read, and stays readable afterwards because allowed_paths names exactly that file
    /// (allowed_paths must be set before external access goes off); lock_configuration last, so that no SET, RESET
    /// or PRAGMA can undo any of it.
    /// </summary>
    private static void LockDown(DuckDBConnection connection, string path, LocalQueryLimits limits)
    {
        var file = Literal(path);
        Execute(connection, $"SET threads = {limits.Threads.ToString(CultureInfo.InvariantCulture)}");
        Execute(connection, $"SET memory_limit = {Literal(limits.MemoryLimit)}");
        // Empty: an in-memory database then never writes temporary files; over the limit is an out-of-memory error.
        Execute(connection, "SET temp_directory = ''");
        Execute(connection, "SET autoinstall_known_extensions = false");
        Execute(connection, "SET autoload_known_extensions = false");
        Execute(connection, "SET allow_community_extensions = false");
        try
        {
            Execute(connection, $"CREATE VIEW dataset AS SELECT * FROM read_parquet({file})");
        }
        catch (DuckDBException error)
        {
            // Creating the view reads the file's schema: this is where a file that is not Parquet shows.
            throw new QueryRejected(QueryRejected.QueryFailed,
                $"Query execution failed: the dataset's file could not be read: {error.Message.Replace(path, "dataset", StringComparison.Ordinal)}", error);
        }

        Execute(connection, $"SET allowed_paths = [{file}]");
        Execute(connection, "SET enable_external_access = false");
        Execute(connection, "SET lock_configuration = true");
        // Not a setting, so the lock does not cover it: in a read-only transaction even CREATE TABLE fails.
        Execute(connection, "BEGIN TRANSACTION READ ONLY");
    }

    public void Dispose() => Connection.Dispose();

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
