using System.Buffers.Binary;
using System.Text;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// The fixed newstyle handshake, from the server's side: greet, then answer options until the client picks the export
/// (NBD_OPT_EXPORT_NAME or NBD_OPT_GO) or gives up (NBD_OPT_ABORT). Options the server does not speak — structured
/// replies, meta contexts, TLS — are answered "unsupported", so QEMU falls back to simple replies. Anything malformed
/// throws <see cref="NbdProtocolException"/> before a byte of the disk is read.
/// </summary>
internal static class NbdHandshake
{
    public const NbdTransmissionFlags TransmissionFlags =
        NbdTransmissionFlags.HasFlags | NbdTransmissionFlags.SendFlush | NbdTransmissionFlags.SendFua | NbdTransmissionFlags.SendTrim;

    /// <summary>Block sizes the export announces: any byte range (the server does the read-modify-write), 4 KiB preferred.</summary>
    private const uint MinimumBlock = 1, PreferredBlock = 4096, MaximumBlock = NbdProtocol.MaxPayload;

    /// <summary>Returns true when the client chose the export and transmission begins, false when it aborted.</summary>
    public static async Task<bool> NegotiateAsync(Stream stream, PageBlobExport export, CancellationToken cancellationToken)
    {
        var greeting = new byte[18];
        BinaryPrimitives.WriteUInt64BigEndian(greeting, NbdProtocol.InitMagic);
        BinaryPrimitives.WriteUInt64BigEndian(greeting.AsSpan(8), NbdProtocol.OptionMagic);
        BinaryPrimitives.WriteUInt16BigEndian(greeting.AsSpan(16), (ushort)(NbdHandshakeFlags.FixedNewstyle | NbdHandshakeFlags.NoZeroes));
        await stream.WriteAsync(greeting, cancellationToken);

        var clientFlags = (NbdClientFlags)await stream.ReadUInt32Async(cancellationToken);
        const NbdClientFlags known = NbdClientFlags.FixedNewstyle | NbdClientFlags.NoZeroes;
        if (!clientFlags.HasFlag(NbdClientFlags.FixedNewstyle) || (clientFlags & ~known) != 0)
            throw new NbdProtocolException($"Client flags 0x{(uint)clientFlags:x}: only fixed newstyle clients are served.");
        var noZeroes = clientFlags.HasFlag(NbdClientFlags.NoZeroes);

        for (var count = 0; count < NbdProtocol.MaxOptions; count++)
        {
            var magic = await stream.ReadUInt64Async(cancellationToken);
            if (magic != NbdProtocol.OptionMagic)
                throw new NbdProtocolException($"Option magic 0x{magic:x16} instead of IHAVEOPT.");
            var option = (NbdOption)await stream.ReadUInt32Async(cancellationToken);
            var length = await stream.ReadUInt32Async(cancellationToken);
            if (length > NbdProtocol.MaxOptionLength)
                throw new NbdProtocolException($"Option {option} claims {length} bytes of data.");
            var data = new byte[length];
            await stream.ReadExactlyAsync(data, cancellationToken);

            switch (option)
            {
                case NbdOption.ExportName:
                    // This old way to choose has no error reply: an unknown name can only close the connection.
                    EnsureServed(export, Encoding.UTF8.GetString(data));
                    await SendExportAsync(stream, export, noZeroes, cancellationToken);
                    return true;
                case NbdOption.Go or NbdOption.Info:
                    if (!TryParseInfoRequest(data, out var name, out var requests))
                    {
                        await ReplyAsync(stream, option, NbdOptionReply.ErrorInvalid, Encoding.UTF8.GetBytes("Malformed info request."), cancellationToken);
                        continue;
                    }
                    if (!Serves(export, name))
                    {
                        await ReplyAsync(stream, option, NbdOptionReply.ErrorUnknown, Encoding.UTF8.GetBytes("No such export."), cancellationToken);
                        throw new NbdProtocolException($"Client asked for export '{name}'.");
                    }
                    await SendInfoAsync(stream, option, export, requests, cancellationToken);
                    if (option == NbdOption.Go) return true;
                    continue;
                case NbdOption.Abort:
                    await ReplyAsync(stream, option, NbdOptionReply.Ack, [], cancellationToken);
                    return false;
                case NbdOption.List when length == 0:
                    var exportName = Encoding.UTF8.GetBytes(export.Name);
                    var server = new byte[4 + exportName.Length];
                    BinaryPrimitives.WriteUInt32BigEndian(server, (uint)exportName.Length);
                    exportName.CopyTo(server, 4);
                    await ReplyAsync(stream, option, NbdOptionReply.Server, server, cancellationToken);
                    await ReplyAsync(stream, option, NbdOptionReply.Ack, [], cancellationToken);
                    continue;
                case NbdOption.List:
                    await ReplyAsync(stream, option, NbdOptionReply.ErrorInvalid, [], cancellationToken);
                    continue;
                default:
                    await ReplyAsync(stream, option, NbdOptionReply.ErrorUnsupported, [], cancellationToken);
                    continue;
            }
        }
        throw new NbdProtocolException($"No export chosen after {NbdProtocol.MaxOptions} options.");
    }

    /// <summary>The one export, by its name; the empty name is the default export, which it also is.</summary>
    private static bool Serves(PageBlobExport export, string name) => name.Length == 0 || name == export.Name;

    private static void EnsureServed(PageBlobExport export, string name)
    {
        if (!Serves(export, name)) throw new NbdProtocolException($"Client asked for export '{name}'.");
    }

    /// <summary>NBD_OPT_INFO and NBD_OPT_GO data: a name (u32 length + bytes), then a u16 count of u16 info types.</summary>
    private static bool TryParseInfoRequest(ReadOnlySpan<byte> data, out string name, out NbdInfo[] requests)
    {
        name = "";
        requests = [];
        if (data.Length < 6) return false;
        var nameLength = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (nameLength > (uint)data.Length - 6) return false;
        var rest = data[(4 + (int)nameLength)..];
        var count = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (rest.Length != 2 + 2 * count) return false;
        name = Encoding.UTF8.GetString(data.Slice(4, (int)nameLength));
        requests = new NbdInfo[count];
        for (var i = 0; i < count; i++) requests[i] = (NbdInfo)BinaryPrimitives.ReadUInt16BigEndian(rest[(2 + 2 * i)..]);
        return true;
    }

    private static async Task SendExportAsync(Stream stream, PageBlobExport export, bool noZeroes, CancellationToken cancellationToken)
    {
        var reply = new byte[noZeroes ? 10 : 10 + 124];
        BinaryPrimitives.WriteUInt64BigEndian(reply, (ulong)export.Size);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), (ushort)TransmissionFlags);
        await stream.WriteAsync(reply, cancellationToken);
    }

    private static async Task SendInfoAsync(
        Stream stream, NbdOption option, PageBlobExport export, NbdInfo[] requests, CancellationToken cancellationToken)
    {
        var info = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(info, (ushort)NbdInfo.Export);
        BinaryPrimitives.WriteUInt64BigEndian(info.AsSpan(2), (ulong)export.Size);
        BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(10), (ushort)TransmissionFlags);
        await ReplyAsync(stream, option, NbdOptionReply.Info, info, cancellationToken);
        if (requests.Contains(NbdInfo.BlockSize))
        {
            var sizes = new byte[14];
            BinaryPrimitives.WriteUInt16BigEndian(sizes, (ushort)NbdInfo.BlockSize);
            BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(2), MinimumBlock);
            BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(6), PreferredBlock);
            BinaryPrimitives.WriteUInt32BigEndian(sizes.AsSpan(10), MaximumBlock);
            await ReplyAsync(stream, option, NbdOptionReply.Info, sizes, cancellationToken);
        }
        await ReplyAsync(stream, option, NbdOptionReply.Ack, [], cancellationToken);
    }

    private static async Task ReplyAsync(Stream stream, NbdOption option, NbdOptionReply reply, byte[] data, CancellationToken cancellationToken)
    {
        var message = new byte[20 + data.Length];
        BinaryPrimitives.WriteUInt64BigEndian(message, NbdProtocol.OptionReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), (uint)option);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(12), (uint)reply);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(16), (uint)data.Length);
        data.CopyTo(message, 20);
        await stream.WriteAsync(message, cancellationToken);
    }
}
