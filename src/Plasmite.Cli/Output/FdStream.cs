// A write/read stream over a raw file descriptor using read(2)/write(2), so the shared file offset advances.
using System.Runtime.InteropServices;

namespace Plasmite.Cli.Output;

/// <summary>
/// Standard streams as raw descriptors. Unlike <see cref="FileStream"/> (which uses pread/pwrite at its own position
/// on seekable files), this advances the descriptor's shared offset, so output redirected to a file by a shell
/// (<c>{ plasmite …; echo x; } &gt; out</c>) is not overwritten by the next writer. Also touches no terminal state.
/// </summary>
internal sealed partial class FdStream(int fd, FileAccess access) : Stream
{
    public override bool CanRead => access.HasFlag(FileAccess.Read);
    public override bool CanWrite => access.HasFlag(FileAccess.Write);
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = SysRead(fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno == 4) continue; // EINTR
                throw new IOException($"read failed (errno {errno})", errno);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = SysWrite(fd, p + done, buffer.Length - done);
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == 4) continue; // EINTR
                if (errno == 32) throw new IOException("Broken pipe", 32);
                throw new IOException($"write failed (errno {errno})", errno);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint SysRead(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint SysWrite(int fd, byte* buffer, nint count);
}
