using System.Text;
using AgentProvision.Datasets.Ingest;

namespace AgentProvision.Datasets.Tests.Ingest;

public sealed class IngestProgressTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Long_ingest_logs_rows_and_bytes_so_far_and_a_summary_at_the_end()
    {
        var logger = new ListLogger();
        var text = "id,name\n" + string.Concat(Enumerable.Range(1, 2000).Select(i => $"{i},name {i}\n"));
        // The upload pauses half way until a progress line with bytes read has been logged: waiting on that, not on time
        // (on a busy machine the first line can come before the first byte, and says so: 0 bytes).
        var readSome = logger.FirstAsync(5100, values => values["Bytes"] is long bytes && bytes > 0);
        var input = new PausingStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), pauseAfter: text.Length / 2, readSome);
        var limits = Ingestion.Limits(sample: 10, rowGroup: 100);
        limits.ProgressInterval = TimeSpan.FromMilliseconds(20);

        var result = await CsvIngest.WriteParquetAsync(input, _dir.StagedParquet(), limits, logger, CancellationToken.None);

        var progress = await readSome;
        Assert.InRange((long)progress.Values["Bytes"]!, 1, text.Length);
        Assert.InRange((long)progress.Values["Rows"]!, 0, 2000);
        var summary = await logger.FirstAsync(5101);
        Assert.Equal(2000L, summary.Values["Rows"]);
        Assert.Equal(result.BytesRead, summary.Values["Bytes"]);
        Assert.Equal(2, summary.Values["Columns"]);
        Assert.True((double)summary.Values["MegabytesPerSecond"]! >= 0);
    }

    [Fact]
    public async Task Widening_is_logged_with_the_column_and_the_row()
    {
        var logger = new ListLogger();

        await CsvIngest.WriteParquetAsync(TestStreams.Csv("n\n1\n2\nx\n"), _dir.StagedParquet(), Ingestion.Limits(sample: 1), logger, CancellationToken.None);

        var widened = await logger.FirstAsync(5102);
        Assert.Equal("n", widened.Values["Column"]);
        Assert.Equal(3L, widened.Values["Row"]);
    }

    private sealed class PausingStream(Stream inner, long pauseAfter, Task resume) : NonSeekableStream(inner, 512)
    {
        protected override async ValueTask BeforeReadAsync(CancellationToken cancellationToken)
        {
            if (BytesRead >= pauseAfter)
            {
                await resume.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }
    }
}
