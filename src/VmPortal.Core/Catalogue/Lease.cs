namespace VmPortal.Core.Catalogue;

/// <summary>
/// Work that one portal instance at a time may do (the guest agent, the storage totals): whoever holds the named lease,
/// and until when. A holder renews it while it works; when it dies, the lease lapses and another instance takes over.
/// </summary>
public sealed class Lease
{
    public required string Name { get; set; }
    public required string Owner { get; set; }
    public DateTimeOffset Expires { get; set; }
}
