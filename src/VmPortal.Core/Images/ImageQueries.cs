using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Images;

/// <summary>
/// The image gallery as it reads (R14, R19): OS and VM images listed together and filtered, or one image with what
/// its blobs really store and the VMs deployed from it. One context per call.
/// </summary>
public sealed class ImageQueries(IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, TimeProvider time)
{
    /// <summary>R14: OS images, then VM images, each by name, filtered; paged across both kinds. Allocated sizes are left out (null).</summary>
    public async Task<PortalResult<Page<ImageView>>> ListAsync(ImageListQuery query, int? skip, int? take, CancellationToken ct = default) =>
        await ListAsync(query, skip, take, continuationToken: null, ct);

    /// <summary>
    /// As above, paged by key: a <paramref name="continuationToken"/> from the previous page seeks past its (kind, name) on the
    /// (Kind, NormalizedName) index — the enum is stored as its name, and "OSImage" sorts before "VMImage".
    /// </summary>
    public async Task<PortalResult<Page<ImageView>>> ListAsync(ImageListQuery query, int? skip, int? take, string? continuationToken,
        CancellationToken ct = default)
    {
        var filter = Filter.Parse(query);
        if (!filter.Succeeded) return filter.Error;
        var page = PageRequest.Create(skip, take);
        if (!page.Succeeded) return page.Error;
        var after = Continuation.Parse(continuationToken, skip, keys: 2);
        if (!after.Succeeded) return after.Error;
        var f = filter.Value;
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = Apply(db, db.Images.AsNoTracking(), f);
        // One image per family hides versions: that list is counted; the others may read their total from the counts.
        var onePerFamily = query.OnePerFamily && !f.Deleted && f.Family is null;
        if (onePerFamily)
        {
            var heads = await FamilyHeads.ReadAsync(db.Images, f.Location, now, ct);
            filtered = filtered.Where(i => i.NormalizedFamily == null || heads.HeadIds.Contains(i.Id));
        }
        // A page by skip finds its rows' ids first, by OFFSET over the (Kind, NormalizedName) index alone, and only then
        // reads those rows with their disks and VM counts: counting the VMs of every row skipped over made a deep page slow.
        var (skipped, atSkip) = (page.Value.Skip, (IQueryable<Image>?)null);
        if (after.Value is null && skipped > 0)
        {
            var ids = Ordered(filtered).Skip(skipped).Take(page.Value.Take + 1).Select(i => i.Id);
            atSkip = filtered.Where(i => ids.Contains(i.Id));
            skipped = 0;
        }
        return await filtered.KeysetPageAsync(onePerFamily ? null : Counted(db, f), skipped, page.Value.Take, after.Value,
            (images, key) => Ordered(After(atSkip ?? images, key))
                .Select(i => new Row(i, i.Disks.OrderBy(d => d.Id).ToList(), i.Replicas.ToList(), db.VirtualMachines.Count(v => v.SourceImageName == i.Name))),
            row => [row.Image.Kind.ToString(), row.Image.NormalizedName],
            rows => Task.FromResult(rows.Select(row =>
                ImageViewBuilder.From(row.Image, row.Disks, f.Location, row.DeployedVmCount, deployedVms: null, probes: null, now, row.Replicas)).ToList()),
            ct);
    }

    /// <summary>
    /// The gallery's total without counting rows when the only filter is a kind (<see cref="CatalogueCounts"/> keeps images
    /// by kind, recycle bin left out); any other filter is counted.
    /// </summary>
    private static Func<CancellationToken, Task<int>>? Counted(PortalDbContext db, Filter f)
    {
        if (f != new Filter(f.Kind, null, null, null, null, null, false, f.Tags) || f.Tags.Count > 0) return null;
        ImageKind[] kinds = f.Kind is { } kind ? [kind] : [ImageKind.OSImage, ImageKind.VMImage];
        return async ct =>
        {
            var counts = await CatalogueCounts.ReadAsync(db, ct);
            return (int)kinds.Sum(k => counts.Of(CatalogueCounts.Images(k)));
        };
    }

    /// <summary>R14: OS images before VM images, each by name.</summary>
    private static IOrderedQueryable<Image> Ordered(IQueryable<Image> images) => images.OrderBy(i => i.Kind).ThenBy(i => i.NormalizedName);

    private static IQueryable<Image> After(IQueryable<Image> images, IReadOnlyList<string>? after)
    {
        if (after is not [var kind, var name]) return images;
        // Translated to SQL's "<" on the indexed column, ordered by the database's collation as ORDER BY is.
#pragma warning disable CA1309
        return kind == nameof(ImageKind.OSImage)
            ? images.Where(i => i.Kind == ImageKind.VMImage || (i.Kind == ImageKind.OSImage && string.Compare(i.NormalizedName, name) > 0))
            : images.Where(i => i.Kind == ImageKind.VMImage && string.Compare(i.NormalizedName, name) > 0);
#pragma warning restore CA1309
    }

    /// <summary>
    /// One image by name (any case), with what each disk's blob really stores and the VMs deployed from it.
    /// <paramref name="location"/> picks the replica of a public image shown as its OS disk.
    /// </summary>
    public async Task<PortalResult<ImageView>> GetAsync(string name, string? location = null, CancellationToken ct = default)
    {
        if (ImageLookup.CheckName(name) is { } badName) return badName;
        string? replica = null;
        if (location is not null)
        {
            var resolved = Catalogue.Locations.Resolve(location);
            if (!resolved.Succeeded) return resolved.Error;
            replica = resolved.Value;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await ImageLookup.FindAsync(db.Images.AsNoTracking().Include(i => i.Disks).Include(i => i.Replicas), name, ct);
        if (image is null) return ImageLookup.NotFound(name);
        return await ImageViewBuilder.DetailedAsync(db, store, image, replica, time.GetUtcNow(), ct);
    }

    private sealed record Row(Image Image, List<ImageDisk> Disks, List<ImageReplica> Replicas, int DeployedVmCount);

    /// <summary>The list's filters, parsed: an unknown kind, OS, OS state or location is <c>ValidationFailed</c> naming it.</summary>
    private sealed record Filter(
        ImageKind? Kind, OsType? Os, OsState? OsState, string? Location, string? Family, string? Search, bool Deleted, IReadOnlyList<TagFilter> Tags)
    {
        public static PortalResult<Filter> Parse(ImageListQuery q)
        {
            ImageKind? kind = null;
            OsType? os = null;
            OsState? osState = null;
            string? location = null;
            if (!string.IsNullOrWhiteSpace(q.Kind))
            {
                if (!ImageFields.TryParseName<ImageKind>(q.Kind, out var k))
                    return PortalError.Validation("kind", ImageMessages.Format("NotAnImageKind", q.Kind));
                kind = k;
            }
            if (!string.IsNullOrWhiteSpace(q.Os))
            {
                var parsed = ImageFields.Os(q.Os, "os");
                if (!parsed.Succeeded) return parsed.Error;
                os = parsed.Value;
            }
            if (!string.IsNullOrWhiteSpace(q.OsState))
            {
                var parsed = ImageFields.OsState(q.OsState, "osState");
                if (!parsed.Succeeded) return parsed.Error;
                osState = parsed.Value;
            }
            if (!string.IsNullOrWhiteSpace(q.Location))
            {
                var parsed = Catalogue.Locations.Resolve(q.Location);
                if (!parsed.Succeeded) return parsed.Error;
                location = parsed.Value;
            }
            var tags = TagRules.ParseFilters(q.Tags);
            if (!tags.Succeeded) return tags.Error;
            return new Filter(kind, os, osState, location,
                string.IsNullOrWhiteSpace(q.Family) ? null : q.Family.Trim().ToUpperInvariant(),
                string.IsNullOrWhiteSpace(q.Search) ? null : q.Search.Trim().ToUpperInvariant(), q.Deleted, tags.Value);
        }
    }

    /// <summary>
    /// Text search: the upper-cased text anywhere in the upper-cased name, label or description. Three characters or more
    /// are looked up in <see cref="SearchIndexes"/>; shorter text is scanned for.
    /// </summary>
    private static IQueryable<Image> Searched(PortalDbContext db, IQueryable<Image> images, string search)
    {
        if (SearchText.IsIndexed(search) && db.Database.IsSqlite())
        {
            var ids = db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM \"ImageSearch\" WHERE \"ImageSearch\" MATCH {SearchText.Phrase(search)}");
            return images.Where(i => ids.Contains(i.Id));
        }
        if (db.Database.IsNpgsql())
        {
            var pattern = SearchText.Contains(search);
            return images.Where(i => EF.Functions.Like(i.NormalizedName, pattern, @"\") || EF.Functions.Like(i.NormalizedLabel, pattern, @"\")
                || (i.NormalizedDescription != null && EF.Functions.Like(i.NormalizedDescription, pattern, @"\")));
        }
        return images.Where(i => i.NormalizedName.Contains(search) || i.NormalizedLabel.Contains(search)
            || (i.NormalizedDescription != null && i.NormalizedDescription.Contains(search)));
    }

    /// <summary>
    /// A public image matches every location it has a replica in, a user image its own. Family matches whole, text
    /// search looks into name, label and description; both ignore case. Images in the recycle bin are listed only when asked for, and then alone.
    /// </summary>
    private static IQueryable<Image> Apply(PortalDbContext db, IQueryable<Image> images, Filter f)
    {
        images = f.Deleted ? images.Where(i => i.DeletedTime != null) : images.Where(i => i.DeletedTime == null);
        if (f.Kind is { } kind) images = images.Where(i => i.Kind == kind);
        if (f.Os is { } os) images = images.Where(i => i.Os == os);
        if (f.OsState is { } osState) images = images.Where(i => i.OsState == osState);
        if (f.Location is { } location)
            images = images.Where(i => i.Location == location || i.Disks.Any(d => d.Location == location));
        if (f.Family is { } family) images = images.Where(i => i.NormalizedFamily == family);
        if (f.Search is { } search) images = Searched(db, images, search);
        foreach (var tag in f.Tags)
        {
            var (key, value) = (tag.Key, tag.Value);
            images = value is null ? images.Where(i => i.Tags.Any(t => t.Key == key)) : images.Where(i => i.Tags.Any(t => t.Key == key && t.Value == value));
        }
        return images;
    }
}
