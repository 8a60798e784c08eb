using Npgsql;

namespace AgentProvision.Persistence;

/// <summary>
/// A host's defaults for its PostgreSQL connection pool, applied under the configured connection string: a keyword
/// the operator wrote there (<c>Maximum Pool Size=…</c>, <c>No Reset On Close=…</c>) is never overridden.
/// </summary>
public sealed record ConnectionDefaults
{
    /// <summary>
    /// The most connections this process opens (Npgsql's default: 100). Every worker replica has its own pool, and
    /// PostgreSQL's own default limit is 100 connections for everything together.
    /// </summary>
    public int? MaxPoolSize { get; init; }

    /// <summary>
    /// Skip the reset Npgsql sends when a pooled connection is reused (<c>DISCARD ALL</c>, or eight statements when the
    /// connection keeps prepared statements). Only for a process whose pooled connections never carry session state (no
    /// SET, LISTEN, session advisory locks or temporary tables): such work takes a <see cref="SessionConnections"/>
    /// connection instead.
    /// </summary>
    public bool NoResetOnClose { get; init; }

    /// <summary>
    /// How many statements each connection keeps prepared (Npgsql's <c>Max Auto Prepare</c>; off by default): a statement
    /// run five times on a connection is prepared there, and from then on PostgreSQL skips its parse and analysis, and
    /// its planning once it settles on a generic plan. Measured on the API's create (bench/cpu-per-create.sh):
    /// PostgreSQL's CPU per create fell by about a fifth. Behind a pooler in transaction mode, set it to 0 unless the
    /// pooler tracks prepared statements (PgBouncer 1.21+ with max_prepared_statements).
    /// </summary>
    public int? MaxAutoPrepare { get; init; }

    /// <summary>Shown in pg_stat_activity, so an operator sees which service holds which connections.</summary>
    public string? ApplicationName { get; init; }

    public string ApplyTo(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (MaxPoolSize is { } size && Unset("Maximum Pool Size", "MaxPoolSize", "Max Pool Size"))
        {
            builder.MaxPoolSize = size;
        }

        if (NoResetOnClose && Unset("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (MaxAutoPrepare is { } prepared && Unset("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = prepared;
        }

        if (ApplicationName is { } name && Unset("Application Name", "ApplicationName"))
        {
            builder.ApplicationName = name;
        }

        return builder.ConnectionString;

        bool Unset(params string[] keywords) => !keywords.Any(given.ContainsKey);
    }
}
