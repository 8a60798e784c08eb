using AgentProvision.Datasets.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>Runs an ingest into a test's directory and reads the result back; or expects a rejection and an empty directory.</summary>
public static class Ingestion
{
    public static IngestLimits Limits(int sample = 10_000, int rowGroup = 100_000) =>
        new() { TypeSampleRows = sample, RowGroupRows = rowGroup };

    public static Task<(IngestResult Result, ParquetContents Parquet)> CsvAsync(TempDirectory dir, string csv, IngestLimits? limits = null) =>
        CsvAsync(dir, TestStreams.Csv(csv), limits);

    public static async Task<(IngestResult Result, ParquetContents Parquet)> CsvAsync(TempDirectory dir, Stream csv, IngestLimits? limits = null)
    {
        var path = dir.StagedParquet();
        await using (csv)
        {
            var result = await CsvIngest.WriteParquetAsync(csv, path, limits ?? Limits(), NullLogger.Instance, CancellationToken.None);
            Assert.Equal(["out.parquet"], dir.FileNames());
            return (result, await ParquetContents.ReadAsync(path));
        }
    }

    public static Task<IngestRejected> CsvRejectedAsync(TempDirectory dir, string csv, IngestLimits? limits = null) =>
        CsvRejectedAsync(dir, TestStreams.Csv(csv), limits);

    public static async Task<IngestRejected> CsvRejectedAsync(TempDirectory dir, Stream csv, IngestLimits? limits = null)
    {
        var path = dir.StagedParquet();
        await using (csv)
        {
            var rejected = await Assert.ThrowsAsync<IngestRejected>(
                () => CsvIngest.WriteParquetAsync(csv, path, limits ?? Limits(), NullLogger.Instance, CancellationToken.None));
            Assert.Empty(dir.FileNames());
            return rejected;
        }
    }
}
