namespace VmPortal.Core.Catalogue;

/// <summary>
/// One change to how many of something the catalogue holds ("vm:ReadyRole" +1), written by a database trigger in the
/// transaction that made the change. Rows are only ever inserted by writers, so concurrent writers never wait on one
/// another for a counter; the catalogue upkeep round folds them into one row per key.
/// </summary>
public sealed class CountDelta
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public long Delta { get; set; }
}
