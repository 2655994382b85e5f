namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// The numbers of the NBD protocol (fixed newstyle handshake, simple replies) that the portal's server speaks:
/// https://github.com/NetworkBlockDevice/nbd/blob/master/doc/proto.md. Every field on the wire is big-endian.
/// </summary>
internal static class NbdProtocol
{
    /// <summary>"NBDMAGIC": the first eight bytes a server sends.</summary>
    public const ulong InitMagic = 0x4e42444d41474943;

    /// <summary>"IHAVEOPT": sent by the server after <see cref="InitMagic"/>, and by the client before every option.</summary>
    public const ulong OptionMagic = 0x49484156454f5054;

    /// <summary>Starts every reply to an option.</summary>
    public const ulong OptionReplyMagic = 0x3e889045565a9;

    public const uint RequestMagic = 0x25609513;
    public const uint SimpleReplyMagic = 0x67446698;

    /// <summary>A request header: magic, flags, type, cookie, offset, length.</summary>
    public const int RequestSize = 28;

    /// <summary>The largest option payload a client may send: a name of at most 4096 bytes plus the few fields around it.</summary>
    public const int MaxOptionLength = 8 * 1024;

    /// <summary>The largest READ or WRITE the server takes (the size QEMU and the spec treat as the usual maximum).</summary>
    public const int MaxPayload = 32 * 1024 * 1024;

    /// <summary>Past a handful of options a client is not negotiating any more.</summary>
    public const int MaxOptions = 64;
}

[Flags]
internal enum NbdHandshakeFlags : ushort
{
    FixedNewstyle = 1 << 0,
    NoZeroes = 1 << 1,
}

[Flags]
internal enum NbdClientFlags : uint
{
    FixedNewstyle = 1 << 0,
    NoZeroes = 1 << 1,
}

[Flags]
internal enum NbdTransmissionFlags : ushort
{
    HasFlags = 1 << 0,
    ReadOnly = 1 << 1,
    SendFlush = 1 << 2,
    SendFua = 1 << 3,
    SendTrim = 1 << 5,
}

internal enum NbdOption : uint
{
    ExportName = 1,
    Abort = 2,
    List = 3,
    StartTls = 5,
    Info = 6,
    Go = 7,
    StructuredReply = 8,
}

internal enum NbdOptionReply : uint
{
    Ack = 1,
    Server = 2,
    Info = 3,
    ErrorUnsupported = (1u << 31) + 1,
    ErrorInvalid = (1u << 31) + 3,
    ErrorUnknown = (1u << 31) + 6,
}

internal enum NbdInfo : ushort
{
    Export = 0,
    Name = 1,
    Description = 2,
    BlockSize = 3,
}

internal enum NbdCommand : ushort
{
    Read = 0,
    Write = 1,
    Disconnect = 2,
    Flush = 3,
    Trim = 4,
}

[Flags]
internal enum NbdCommandFlags : ushort
{
    None = 0,
    ForceUnitAccess = 1 << 0,
}

/// <summary>The error numbers a simple reply carries (errno values, as the spec fixes them).</summary>
internal enum NbdError : uint
{
    None = 0,
    Io = 5,
    Invalid = 22,
    NoSpace = 28,
}
