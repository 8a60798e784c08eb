namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Counts the bytes read from the upload and rejects it (413) the moment it passes the limit, so an oversized upload
/// is stopped while it streams in, whether or not the stream knows its length (a request body does not).
/// </summary>
internal sealed class CountingStream(Stream inner, long maxBytes) : Stream
{
    private long _bytesRead;

    /// <summary>Bytes read so far; safe to read from another thread (the progress log).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        if (Interlocked.Add(ref _bytesRead, read) > maxBytes)
        {
            throw Rejections.TooManyBytes(maxBytes);
        }

        return read;
    }
}
