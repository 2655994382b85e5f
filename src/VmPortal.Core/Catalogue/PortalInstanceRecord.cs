namespace VmPortal.Core.Catalogue;

/// <summary>
/// A portal process that shares this database, as it announced itself: where it runs, which storage it uses, and
/// when it last said it was alive. Instances read each other's records at start-up to refuse a set-up that cannot
/// work (two instances on SQLite, or each with its own embedded Azurite).
/// </summary>
public sealed class PortalInstanceRecord
{
    public required string Id { get; set; }
    public required string Host { get; set; }
    public int ProcessId { get; set; }
    /// <summary><c>embedded</c>, or the configured storage accounts as <c>name=endpoint</c> pairs in name order.</summary>
    public required string Storage { get; set; }
    public DateTimeOffset StartedTime { get; set; }
    public DateTimeOffset SeenTime { get; set; }
}
