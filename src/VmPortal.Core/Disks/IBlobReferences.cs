namespace VmPortal.Core.Disks;

/// <summary>Whether anything in the catalogue still points at a blob, so it must not be deleted (R17).</summary>
public interface IBlobReferences
{
    Task<bool> IsReferencedAsync(Uri mediaLink, CancellationToken cancellationToken);
}
