using System.Buffers.Binary;

namespace VmPortal.Core.Disks;

/// <summary>
/// R5a: the I/O a running guest does — a sequence number and time written to one fixed sector of every
/// disk of the VM. Equal sequence numbers across a VM's disks prove a capture was consistent across disks.
/// </summary>
public sealed record Heartbeat(ulong Sequence, DateTimeOffset Time)
{
    /// <summary>Sector 8: clear of the guest record (sector 1) and of anything a partition table uses.</summary>
    public const long Offset = 4096;

    private static ReadOnlySpan<byte> Magic => "VMPHBEAT"u8;
    private static string What => DiskMessages.Get("HeartbeatWhat");

    public byte[] ToBytes()
    {
        var sector = new byte[VhdFooter.SectorSize];
        Magic.CopyTo(sector);
        BinaryPrimitives.WriteUInt64BigEndian(sector.AsSpan(8), Sequence);
        BinaryPrimitives.WriteInt64BigEndian(sector.AsSpan(16), Time.ToUnixTimeMilliseconds());
        SectorSeal.Seal(sector);
        return sector;
    }

    public static SectorRead<Heartbeat> Parse(ReadOnlySpan<byte> sector) =>
        SectorSeal.Check<Heartbeat>(sector, Magic, What) ?? SectorRead<Heartbeat>.Present(new Heartbeat(
            BinaryPrimitives.ReadUInt64BigEndian(sector[8..]),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(sector[16..]))));
}
