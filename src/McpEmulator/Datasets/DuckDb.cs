using DuckDB.NET.Data;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>The few DuckDB moves the emulator makes: a private in-memory database, quoting, and the lock-down before user SQL.</summary>
internal static class DuckDb
{
    /// <summary>A new database per use: queries of different tenants or calls never share anything.</summary>
    public static DuckDBConnection OpenInMemory()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    public static void Execute(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        command.ExecuteNonQuery();
    }

    public static T Scalar<T>(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// After this, SQL on the connection can touch no file, network or extension, and cannot switch it back:
    /// it sees only the tables already loaded into memory. The memory cap keeps a runaway query from taking the
    /// emulator (and the test run hosting it) down.
    /// </summary>
    public static void LockDown(DuckDBConnection connection)
    {
        Execute(connection, "SET memory_limit = '1GB'");
        Execute(connection, "SET autoinstall_known_extensions = false");
        Execute(connection, "SET autoload_known_extensions = false");
        Execute(connection, "SET enable_external_access = false");
        Execute(connection, "SET lock_configuration = true");
    }
}
