using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The words people typed into the portal's catalogue (resource names, labels, user images' descriptions, families, versions,
/// tag keys and values, user and token names) and the names the catalogue's fixed lists use (instance sizes): a Chinese page shows them as they
/// are, so they may be Latin.
/// </summary>
public static partial class CatalogueWords
{
    public static async Task<IReadOnlySet<string>> ReadAsync(PortalApp app)
    {
        await using var db = new PortalDbContext(app.Database.Options());
        var texts = new List<string?>();
        texts.AddRange(await db.StorageAccounts.Select(a => a.Name).ToListAsync());
        texts.AddRange((await db.CloudServices.Select(c => new { c.Name, c.Label }).ToListAsync()).SelectMany(c => new[] { c.Name, c.Label }));
        texts.AddRange((await db.VirtualMachines.Select(v => new { v.Name, v.SourceImageName, v.VirtualNetworkName, v.SubnetName, v.InstanceSize })
            .ToListAsync()).SelectMany(v => new[] { v.Name, v.SourceImageName, v.VirtualNetworkName, v.SubnetName, v.InstanceSize }));
        texts.AddRange((await db.VirtualMachines.AsNoTracking().Select(v => v.Endpoints).ToListAsync()).SelectMany(e => e).SelectMany(e => new[] { e.Name, e.Protocol }));
        texts.AddRange((await db.Disks.Select(d => new { d.Name, d.Label, d.MediaLink }).ToListAsync()).SelectMany(d => new[] { d.Name, d.Label, d.MediaLink.ToString() }));
        texts.AddRange((await db.Images.Select(i => new { i.Name, i.Label, i.ImageFamily, i.Version, i.SourceVmName, i.SourceServiceName, i.Replacement, i.Language })
            .ToListAsync()).SelectMany(i => new[] { i.Name, i.Label, i.ImageFamily, i.Version, i.SourceVmName, i.SourceServiceName, i.Replacement, i.Language }));
        texts.AddRange((await db.VirtualMachines.AsNoTracking().Select(v => v.Tags).ToListAsync()).SelectMany(t => t).SelectMany(t => new[] { t.Key, t.Value }));
        texts.AddRange((await db.Images.AsNoTracking().Select(i => i.Tags).ToListAsync()).SelectMany(t => t).SelectMany(t => new[] { t.Key, t.Value }));
        // A user image's description is typed by its owner; a public image's comes with the portal and is translated.
        texts.AddRange(await db.Images.Where(i => i.Category == ImageCategory.User).Select(i => i.Description).ToListAsync());
        texts.AddRange(await db.VirtualNetworks.Select(n => n.Name).ToListAsync());
        texts.AddRange(await db.ApiTokens.Select(t => t.Name).ToListAsync());
        texts.AddRange(await db.Users.Select(u => u.UserName).ToListAsync());
        texts.AddRange(await db.Operations.Select(o => o.RequestedBy).ToListAsync());
        texts.AddRange(await db.AuditEntries.Select(a => a.UserName).ToListAsync());
        texts.AddRange(InstanceSizes.All.Select(s => s.Name));
        return texts.OfType<string>().SelectMany(t => LatinWord().Matches(t).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("[A-Za-z]+")]
    public static partial Regex LatinWord();
}
