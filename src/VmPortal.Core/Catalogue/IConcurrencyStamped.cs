namespace VmPortal.Core.Catalogue;

/// <summary>
/// An entity two writers must not silently overwrite: its stamp changes on every save, and a save that
/// read an older stamp fails with a concurrency conflict.
/// </summary>
public interface IConcurrencyStamped
{
    Guid ConcurrencyStamp { get; set; }
}
