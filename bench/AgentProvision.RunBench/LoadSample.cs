using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace AgentProvision.RunBench;

/// <summary>
/// Counters read at one instant: the database's committed transactions and rows touched (pg_stat_database, the whole
/// agentprovision database: API, worker and poller alike), and the connector's calls per operation (the emulator's).
/// </summary>
internal sealed record LoadSample(DateTime At, long Transactions, long RowsRead, long RowsWritten, IReadOnlyDictionary<string, int> Calls)
{
    public static async Task<LoadSample> TakeAsync(NpgsqlDataSource db, HttpClient emulator)
    {
        await using var command = db.CreateCommand(
            "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted " +
            "FROM pg_stat_database WHERE datname = current_database()");
        // Statistics are cached per transaction; a fresh snapshot each time.
        await using (var clear = db.CreateCommand("SELECT pg_stat_clear_snapshot()"))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var calls = await emulator.GetFromJsonAsync<JsonElement>("/_emulator/calls");
        return new LoadSample(DateTime.UtcNow, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            calls.GetProperty("calls").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
    }

    public static LoadRates Between(LoadSample from, LoadSample to, string pollOperation)
    {
        var seconds = (to.At - from.At).TotalSeconds;
        var connectorCalls = to.Calls.Sum(c => c.Value) - from.Calls.Sum(c => c.Value);
        return new LoadRates(
            (to.Transactions - from.Transactions) / seconds,
            (to.RowsRead - from.RowsRead) / seconds,
            (to.RowsWritten - from.RowsWritten) / seconds,
            connectorCalls / seconds,
            (to.Calls.GetValueOrDefault(pollOperation) - from.Calls.GetValueOrDefault(pollOperation)) / seconds);
    }
}

internal sealed record LoadRates(double TransactionsPerSecond, double RowsReadPerSecond, double RowsWrittenPerSecond, double ConnectorCallsPerSecond, double StatusCallsPerSecond);
