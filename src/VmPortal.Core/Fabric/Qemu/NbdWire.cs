using System.Buffers.Binary;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>Big-endian fields read from an NBD connection; a client that hangs up mid-field ends in <see cref="EndOfStreamException"/>.</summary>
internal static class NbdWire
{
    public static async Task<uint> ReadUInt32Async(this Stream stream, CancellationToken cancellationToken)
    {
        var field = new byte[4];
        await stream.ReadExactlyAsync(field, cancellationToken);
        return BinaryPrimitives.ReadUInt32BigEndian(field);
    }

    public static async Task<ulong> ReadUInt64Async(this Stream stream, CancellationToken cancellationToken)
    {
        var field = new byte[8];
        await stream.ReadExactlyAsync(field, cancellationToken);
        return BinaryPrimitives.ReadUInt64BigEndian(field);
    }
}
