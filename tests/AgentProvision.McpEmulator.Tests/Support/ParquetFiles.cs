using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace AgentProvision.McpEmulator.Tests.Support;

/// <summary>Parquet files made in the test with Parquet.Net, so the emulator reads a file it did not write itself.</summary>
internal static class ParquetFiles
{
    public static async Task<byte[]> OfAsync<T>(IEnumerable<T> rows) where T : new()
    {
        using var file = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, file);
        return file.ToArray();
    }
}

/// <summary>One row of a sales table.</summary>
internal sealed class Sale
{
    public Sale()
    {
    }

    public Sale(string region, int amount, double price)
    {
        Region = region;
        Amount = amount;
        Price = price;
    }

    [JsonPropertyName("region")]
    public string Region { get; set; } = "";

    [JsonPropertyName("amount")]
    public int Amount { get; set; }

    [JsonPropertyName("price")]
    public double Price { get; set; }
}
