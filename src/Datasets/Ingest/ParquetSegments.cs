using Parquet;
using Parquet.Schema;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Writes row groups as they come, into temporary segment files beside the target. A row group whose column types
/// differ from the segment's (a column widened) starts a new segment, since a Parquet file has one schema. At the end a
/// single segment is renamed into place; several are merged into the widest schema (<see cref="SegmentMerger"/>).
/// Disposing without completing deletes every temporary file.
/// </summary>
internal sealed class ParquetSegments(string targetPath, IReadOnlyList<string> names) : IAsyncDisposable
{
    private readonly List<Segment> _segments = [];
    private readonly List<string> _temporary = [];
    // Two ingests into the same target (a retried request) must not share segment files.
    private readonly string _token = Guid.NewGuid().ToString("N")[..8];
    private FileStream? _file;
    private ParquetWriter? _writer;
    private DataField[] _fields = [];

    /// <summary>Segments written so far: more than one means a column widened after row groups were written.</summary>
    public int SegmentCount => _segments.Count;

    public async Task WriteAsync(TypedBatch batch, CancellationToken cancellationToken)
    {
        if (_writer is null || !batch.Types.AsSpan().SequenceEqual(_segments[^1].Types))
        {
            await StartSegmentAsync(batch.Types, cancellationToken);
        }

        using var rowGroup = _writer!.CreateRowGroup();
        for (var c = 0; c < _fields.Length; c++)
        {
            await batch.Columns[c].WriteAsync(rowGroup, _fields[c], cancellationToken);
        }

        rowGroup.CompleteValidate();
    }

    /// <summary>Puts the finished file at the target path.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await CloseWriterAsync();
        if (_segments.Count == 1)
        {
            File.Move(_segments[0].Path, targetPath, overwrite: true);
        }
        else
        {
            var merged = Temporary("merged");
            await SegmentMerger.MergeAsync(_segments, merged, names, _segments[^1].Types, cancellationToken);
            File.Move(merged, targetPath, overwrite: true);
        }

        DeleteTemporaryFiles();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseWriterAsync();
        }
        catch (IOException)
        {
            // A failed ingest's segment may not close cleanly (a full disk); it is deleted all the same.
        }
        finally
        {
            DeleteTemporaryFiles();
        }
    }

    private async Task StartSegmentAsync(ColumnType[] types, CancellationToken cancellationToken)
    {
        await CloseWriterAsync();
        var segment = new Segment(Temporary(_segments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), [.. types]);
        _segments.Add(segment);
        _fields = ParquetFields.For(names, segment.Types);
        _file = new FileStream(segment.Path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        _writer = await ParquetWriter.CreateAsync(new ParquetSchema(_fields), _file, cancellationToken: cancellationToken);
    }

    private async Task CloseWriterAsync()
    {
        var (writer, file) = (_writer, _file);
        (_writer, _file) = (null, null);
        try
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    private string Temporary(string suffix)
    {
        var path = $"{targetPath}.{_token}.{suffix}.part";
        _temporary.Add(path);
        return path;
    }

    /// <summary>Deletes a file if it is there; a failure to delete must not hide the failure being cleaned up after.</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private void DeleteTemporaryFiles()
    {
        foreach (var path in _temporary)
        {
            DeleteQuietly(path);
        }

        _temporary.Clear();
    }
}

/// <summary>A segment file and the column types it was written with.</summary>
internal sealed record Segment(string Path, ColumnType[] Types);
