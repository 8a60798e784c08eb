using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Serving;

/// <summary>
/// The emulator's stand-in for a model: a score in [0, 1) per input record, derived from a hash of the record and the
/// model version, so the same input to the same model always gets the same predictions. Record lists are read in
/// Model Serving's input shapes (<c>dataframe_records</c>, <c>instances</c>, <c>inputs</c>, a bare array); anything
/// else is one record.
/// </summary>
internal static class ModelAnswers
{
    private static readonly string[] RecordListFields = ["dataframe_records", "instances", "inputs"];

    public static JsonElement Predict(JsonElement input, string modelVersion)
    {
        var scores = RecordsOf(input).Select(record => Score(record, modelVersion)).ToList();
        return JsonSerializer.SerializeToElement(scores, ConnectorJson.Options);
    }

    private static IEnumerable<JsonElement> RecordsOf(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.Array)
        {
            return input.EnumerateArray();
        }

        foreach (var field in RecordListFields)
        {
            if (input.ValueKind == JsonValueKind.Object
                && input.TryGetProperty(field, out var records)
                && records.ValueKind == JsonValueKind.Array)
            {
                return records.EnumerateArray();
            }
        }

        return [input];
    }

    private static double Score(JsonElement record, string modelVersion)
    {
        // Compact re-serialization, so whitespace in the request does not change the answer.
        var text = modelVersion + "\n" + JsonSerializer.Serialize(record);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Math.Round(BinaryPrimitives.ReadUInt32LittleEndian(hash) / (uint.MaxValue + 1.0), 6);
    }
}
