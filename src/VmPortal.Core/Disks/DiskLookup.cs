using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Disks;

/// <summary>Finding a disk by the name a request gives, in any case: the same disk on every route.</summary>
public static class DiskLookup
{
    /// <summary>
    /// The disk named <paramref name="name"/> regardless of case (names are ASCII by rule, so both providers' <c>upper()</c>
    /// agree), or <c>null</c>. Blob names are case-sensitive, so two disks may differ only in case: then the exact name
    /// wins, and without one the request is refused as <c>NameConflict</c> rather than guessed.
    /// </summary>
    public static async Task<PortalResult<Disk?>> FindAsync(IQueryable<Disk> disks, string name, string field, CancellationToken ct)
    {
        var upper = name.ToUpperInvariant();
#pragma warning disable CA1304, CA1311 // EF Core translates ToUpper() to SQL upper(), which SQLite and PostgreSQL apply alike to ASCII.
        var matches = await disks.Where(d => d.Name.ToUpper() == upper).Take(10).ToListAsync(ct);
#pragma warning restore CA1304, CA1311
        if (matches.Count <= 1) return matches.FirstOrDefault();
        if (matches.FirstOrDefault(d => d.Name == name) is { } exact) return exact;
        return new PortalError(ErrorCodes.NameConflict,
            DiskMessages.Format("DiffersOnlyInCase", string.Join(DiskMessages.Get("NamesAnd"), matches.Select(d => DiskMessages.Format("QuotedName", d.Name)))), field);
    }
}
