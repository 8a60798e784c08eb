using System.Text;

namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>Inputs as the API hands them over: UTF-8 bytes behind a stream that cannot seek (a request body).</summary>
public static class TestStreams
{
    public static Stream Csv(string text, bool bom = false) =>
        new NonSeekableStream(new MemoryStream([.. (bom ? Encoding.UTF8.Preamble : []), .. Encoding.UTF8.GetBytes(text)]));

    public static Stream Bytes(byte[] bytes) => new NonSeekableStream(new MemoryStream(bytes));
}

/// <summary>Reads from another stream and hides its length and position, in small reads, like a network body.</summary>
public class NonSeekableStream(Stream inner, int maxRead = 8192) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer[..Math.Min(buffer.Length, maxRead)]);
        BytesRead += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await BeforeReadAsync(cancellationToken);
        var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
        BytesRead += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>A hook for tests that need the upload to pause or fail at some point.</summary>
    protected virtual ValueTask BeforeReadAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>An endless CSV: a header, then the same row forever. Only a limit can end its ingest.</summary>
public sealed class EndlessCsvStream : Stream
{
    private static readonly byte[] Header = "id,name\n"u8.ToArray();
    private static readonly byte[] Row = "1,abc\n"u8.ToArray();
    private long _position;

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++, _position++)
        {
            buffer[i] = _position < Header.Length ? Header[_position] : Row[(_position - Header.Length) % Row.Length];
        }

        return buffer.Length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
