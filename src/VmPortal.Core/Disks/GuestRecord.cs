using System.Buffers.Binary;
using System.Text;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Disks;

/// <summary>
/// R5: the guest's state as the fabric keeps it in sector 1 (byte offset 512) of an OS disk, so a capture
/// copies it and a deploy boots it with the disk's bytes. It deliberately has no place for a password:
/// provisioning secrets never reach a disk an image can be made from.
/// </summary>
public sealed record GuestRecord
{
    public const long Offset = 512;
    public const ushort CurrentVersion = 1;
    /// <summary>Room for a Linux host name (64); Windows computer names are at most 15.</summary>
    public const int MaxNameBytes = 64;

    private static ReadOnlySpan<byte> Magic => "VMPGUEST"u8;
    private static string What => DiskMessages.Get("GuestRecordWhat");

    [Flags]
    private enum Flags : byte
    {
        Generalized = 1,
        Provisioned = 2,
        Running = 4,
        LastShutdownUnexpected = 8,
    }

    public required OsType Os { get; init; }
    public string? ComputerName { get; init; }
    public string? AdminUserName { get; init; }
    /// <summary>The stand-in for a Windows SID / Linux machine-id; none on a generalized disk.</summary>
    public Guid? MachineId { get; init; }
    public bool Generalized { get; init; }
    public bool Provisioned { get; init; }
    public uint BootCount { get; init; }
    public DateTimeOffset? LastBootTime { get; init; }
    /// <summary>Set on boot and cleared by a clean shutdown, so a capture of a running VM shows it (R25).</summary>
    public bool Running { get; init; }
    /// <summary>The guest last went down without a clean shutdown; the next boot reports it (R25).</summary>
    public bool LastShutdownUnexpected { get; init; }

    /// <summary>What a public OS image carries (R5): generalized, with no name, user or machine id.</summary>
    public static GuestRecord GeneralizedImage(OsType os) => new() { Os = os, Generalized = true };

    public byte[] ToBytes()
    {
        var sector = new byte[VhdFooter.SectorSize];
        var span = sector.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], CurrentVersion);
        span[10] = (byte)(Os + 1);
        span[11] = (byte)((Generalized ? Flags.Generalized : 0) | (Provisioned ? Flags.Provisioned : 0) |
                          (Running ? Flags.Running : 0) | (LastShutdownUnexpected ? Flags.LastShutdownUnexpected : 0));
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], BootCount);
        MachineId?.TryWriteBytes(span[16..32], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(span[32..], LastBootTime?.ToUnixTimeMilliseconds() ?? 0);
        WriteName(span[40..], ComputerName, nameof(ComputerName));
        WriteName(span[(41 + MaxNameBytes)..], AdminUserName, nameof(AdminUserName));
        SectorSeal.Seal(span);
        return sector;
    }

    public static SectorRead<GuestRecord> Parse(ReadOnlySpan<byte> sector)
    {
        if (SectorSeal.Check<GuestRecord>(sector, Magic, What) is { } problem) return problem;
        var version = BinaryPrimitives.ReadUInt16BigEndian(sector[8..]);
        if (version != CurrentVersion)
            return SectorRead<GuestRecord>.Corrupt(DiskMessages.Format("GuestRecordVersion", version, CurrentVersion));
        if (sector[10] is not (1 or 2))
            return SectorRead<GuestRecord>.Corrupt(DiskMessages.Format("GuestRecordUnknownOs", sector[10]));

        var flags = (Flags)sector[11];
        var machineId = new Guid(sector[16..32], bigEndian: true);
        var lastBoot = BinaryPrimitives.ReadInt64BigEndian(sector[32..]);
        return SectorRead<GuestRecord>.Present(new GuestRecord
        {
            Os = (OsType)(sector[10] - 1),
            Generalized = flags.HasFlag(Flags.Generalized),
            Provisioned = flags.HasFlag(Flags.Provisioned),
            Running = flags.HasFlag(Flags.Running),
            LastShutdownUnexpected = flags.HasFlag(Flags.LastShutdownUnexpected),
            BootCount = BinaryPrimitives.ReadUInt32BigEndian(sector[12..]),
            MachineId = machineId == Guid.Empty ? null : machineId,
            LastBootTime = lastBoot == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(lastBoot),
            ComputerName = ReadName(sector[40..]),
            AdminUserName = ReadName(sector[(41 + MaxNameBytes)..]),
        });
    }

    /// <summary>A length byte then up to <see cref="MaxNameBytes"/> of UTF-8; length 0 means no name.</summary>
    private static void WriteName(Span<byte> field, string? name, string fieldName)
    {
        if (string.IsNullOrEmpty(name)) return;
        var length = Encoding.UTF8.GetByteCount(name);
        if (length > MaxNameBytes)
            throw new InvalidOperationException($"{fieldName} '{name}' is {length} bytes of UTF-8; a guest record holds at most {MaxNameBytes}.");
        field[0] = (byte)length;
        Encoding.UTF8.GetBytes(name, field[1..]);
    }

    private static string? ReadName(ReadOnlySpan<byte> field) =>
        field[0] == 0 ? null : Encoding.UTF8.GetString(field.Slice(1, Math.Min((int)field[0], MaxNameBytes)));
}
