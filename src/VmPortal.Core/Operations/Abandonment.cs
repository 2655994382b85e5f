namespace VmPortal.Core.Operations;

/// <summary>
/// What an operation that broke its worker too often leaves once its handler has undone what it could: nothing
/// (<see cref="RolledBack"/>), the whole change the user asked for with only clean-up missing (<see cref="Finished"/> — the
/// operation succeeded, and the storage health check lists the leftovers), or a committed change whose later steps kept
/// failing (<see cref="Kept"/> — the operation failed, saying what stands). An operation never reports "rolled back" for a
/// change it had committed.
/// </summary>
public sealed record Abandonment(AbandonmentKind Kind, string? Standing)
{
    public static readonly Abandonment RolledBack = new(AbandonmentKind.RolledBack, null);

    public static Abandonment Finished(string standing) => new(AbandonmentKind.Finished, standing);

    public static Abandonment Kept(string standing) => new(AbandonmentKind.Kept, standing);
}

public enum AbandonmentKind
{
    RolledBack,
    Finished,
    Kept,
}
