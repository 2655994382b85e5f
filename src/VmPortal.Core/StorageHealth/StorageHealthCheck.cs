using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;

namespace VmPortal.Core.StorageHealth;

/// <summary>
/// Compares storage with the catalogue, afresh on every call: blobs nothing refers to, references to blobs that are gone,
/// blobs that cannot be disks, snapshots nobody needs, VMs and images left mid-way, and operations nobody works on.
/// What an operation in progress owns is never a problem. Storage is read listing page by listing page, keeping only the
/// few blobs that may be problems, so the check's memory does not grow with the number of healthy blobs; every candidate
/// is checked again against a fresh read of the catalogue and of storage before it is reported, so work that finished
/// while the listing ran is never reported as a problem.
/// </summary>
public sealed class StorageHealthCheck(
    IDbContextFactory<PortalDbContext> dbFactory,
    BlobAccounts accounts,
    DiskStore store,
    IOptions<OperationOptions> operations,
    TimeProvider time,
    ILogger<StorageHealthCheck> logger)
{
    /// <summary>How many blobs a listing page asks for (the service's maximum).</summary>
    public const int ListingPageSize = 5000;

    /// <summary>How many candidates are checked again (and measured) at once.</summary>
    public const int Parallelism = 8;

    private static readonly VmStatus[] MidWay = [VmStatus.Provisioning, VmStatus.StartingVM, VmStatus.StoppingVM, VmStatus.DeletingVM];

    /// <summary>What the listing suggests; <see cref="Blob"/> is null for a reference whose blob was not listed.</summary>
    private sealed record Candidate(StorageProblemKind Kind, BlobKey Key, Uri? Blob, string? OwnerTag, string Detail, string? Resource = null);

    public async Task<StorageHealthReport> CheckAsync(CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var checkedTime = time.GetUtcNow();
        CatalogueView before;
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) before = await CatalogueView.ReadAsync(db, ct);

        var found = new HashSet<BlobKey>();
        var candidates = new List<Candidate>();
        var listed = 0;
        foreach (var account in accounts.All)
            listed += await ListAsync(account, before, found, candidates, ct);
        candidates.AddRange(MissingCandidates(before, found));

        CatalogueView after;
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) after = await CatalogueView.ReadAsync(db, ct);
        var problems = new List<StorageProblem>();
        var confirmed = new StorageProblem?[candidates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) => confirmed[i] = await ConfirmAsync(candidates[i], after, token));
        problems.AddRange(confirmed.OfType<StorageProblem>());
        problems.AddRange(after.Unreadable.Select(u => Problem(StorageProblemKind.MissingBlob, u.MediaLink, u.By.Resource, null, null,
            StorageHealthMessages.Format("RefersToNoBlob", u.By.Subject, u.MediaLink))));
        problems.AddRange(Stranded(after));
        problems.AddRange(Stuck(after, checkedTime));

        var report = new StorageHealthReport(checkedTime, listed,
            problems.OrderBy(p => p.Kind).ThenBy(p => p.Resource ?? p.Blob, StringComparer.Ordinal).ToList());
        logger.LogInformation("Storage health check: {Blobs} blobs and snapshots, {Problems} problems, in {Elapsed:0} ms",
            listed, report.Problems.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return report;
    }

    /// <summary>One account's disk container, page by page: what the catalogue refers to is marked found; the rest may be a problem.</summary>
    private static async Task<int> ListAsync(
        BlobAccount account, CatalogueView catalogue, HashSet<BlobKey> found, List<Candidate> candidates, CancellationToken ct)
    {
        var listed = 0;
        try
        {
            var pages = account.Vhds.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, States = BlobStates.Snapshots }, ct)
                .AsPages(pageSizeHint: ListingPageSize);
            await foreach (var page in pages)
            {
                foreach (var item in page.Values)
                {
                    listed++;
                    var key = BlobKey.Of(account.Name, BlobAccount.DiskContainer, item.Name, item.Snapshot);
                    var owner = item.Metadata is not null && item.Metadata.TryGetValue(DiskStore.OwnerKey, out var tag) ? tag : null;
                    if (Classify(account, item, key, owner, catalogue, found) is { } candidate) candidates.Add(candidate);
                }
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound) { }
        return listed;
    }

    private static Candidate? Classify(BlobAccount account, BlobItem item, BlobKey key, string? owner, CatalogueView catalogue, HashSet<BlobKey> found)
    {
        var uri = BlobUri(account, item.Name, item.Snapshot);
        if (catalogue.References.TryGetValue(key, out var reference))
        {
            found.Add(key);
            return key.IsSnapshot || ShapeProblem(item.Properties) is not { } shape ? null
                : new Candidate(StorageProblemKind.InvalidVhd, key, uri, owner,
                    StorageHealthMessages.Format("RefersToInvalidVhd", reference.By.Subject, shape, reference.By.Noun),
                    reference.By.Resource);
        }
        if (catalogue.Claims.OwnerOf(key, owner) is not null) return null;
        if (key.IsSnapshot)
            return new Candidate(StorageProblemKind.LeftoverSnapshot, key, uri, owner,
                LeftoverSnapshot(item));
        if (item.Properties.BlobType != BlobType.Page)
            return new Candidate(StorageProblemKind.InvalidVhd, key, uri, owner,
                item.Properties.BlobType is { } type
                    ? StorageHealthMessages.Format("NotAPageBlob", type.ToString().ToLowerInvariant())
                    : StorageHealthMessages.Get("NonPageBlob"));
        var made = owner is null ? "" : StorageHealthMessages.Format("OrphanMadeBy", owner);
        var notVhd = ShapeProblem(item.Properties) is { } problem ? StorageHealthMessages.Format("OrphanNotADisk", problem) : "";
        return new Candidate(StorageProblemKind.OrphanBlob, key, uri, owner, StorageHealthMessages.Format("OrphanBlob", made, notVhd));
    }

    private static IEnumerable<Candidate> MissingCandidates(CatalogueView catalogue, HashSet<BlobKey> found)
    {
        foreach (var (key, reference) in catalogue.References)
            if (!found.Contains(key))
                yield return new Candidate(StorageProblemKind.MissingBlob, key, null, null, reference.By.Resource, reference.By.Resource);
    }

    /// <summary>Checks a candidate again against the later read of the catalogue and against storage itself, and measures it.</summary>
    private async Task<StorageProblem?> ConfirmAsync(Candidate candidate, CatalogueView after, CancellationToken ct)
    {
        switch (candidate.Kind)
        {
            case StorageProblemKind.MissingBlob:
                {
                    if (!after.References.TryGetValue(candidate.Key, out var reference)) return null;
                    var link = reference.MediaLink;
                    if (!accounts.TryGetByBlobUri(new Uri(link), out _))
                        return Problem(StorageProblemKind.MissingBlob, link, reference.By.Resource, link, null,
                            StorageHealthMessages.Format("RefersToUnservedBlob", reference.By.Subject, link, reference.By.Noun));
                    if (await PropertiesOrNullAsync(new Uri(link), ct) is not null) return null;
                    return Problem(StorageProblemKind.MissingBlob, link, reference.By.Resource, link, null,
                        StorageHealthMessages.Format("RefersToMissingBlob", reference.By.Subject, link, reference.By.Noun));
                }
            case StorageProblemKind.InvalidVhd when candidate.Resource is not null:
                {
                    if (!after.References.ContainsKey(candidate.Key)) return null;
                    var properties = await PropertiesOrNullAsync(candidate.Blob!, ct);
                    return properties is null ? null
                        : Problem(candidate.Kind, candidate.Blob!.AbsoluteUri, candidate.Resource, candidate.Blob.AbsoluteUri, properties.ContentLength, candidate.Detail);
                }
            default:
                {
                    if (after.References.ContainsKey(candidate.Key) || after.Claims.OwnerOf(candidate.Key, candidate.OwnerTag) is not null) return null;
                    var blob = candidate.Blob!;
                    var properties = await PropertiesOrNullAsync(blob, ct);
                    if (properties is null) return null;
                    // Tagged since the listing by an operation that started meanwhile.
                    if (properties.Metadata.TryGetValue(DiskStore.OwnerKey, out var tag) && after.Claims.OwnerOf(candidate.Key, tag) is not null) return null;
                    var size = candidate.Kind == StorageProblemKind.InvalidVhd ? properties.ContentLength : await StoredBytesAsync(blob, ct);
                    return size is null ? null : Problem(candidate.Kind, blob.AbsoluteUri, null, blob.AbsoluteUri, size, candidate.Detail);
                }
        }
    }

    private static IEnumerable<StorageProblem> Stranded(CatalogueView catalogue)
    {
        var running = catalogue.Claims.InProgress.Select(o => o.Id).ToHashSet();
        foreach (var vm in catalogue.Vms)
        {
            var resource = OperationTargets.Vm(vm.Service, vm.Name);
            if (vm.ActiveOperationId is { } busy && !running.Contains(busy))
                yield return Problem(StorageProblemKind.StrandedResource, resource, resource, null, null,
                    StorageHealthMessages.Format("VmBusyWithEndedOperation", $"{vm.Service}/{vm.Name}", busy));
            else if (vm.ActiveOperationId is null && MidWay.Contains(vm.Status))
                yield return Problem(StorageProblemKind.StrandedResource, resource, resource, null, null,
                    StorageHealthMessages.Format("VmMidWay", $"{vm.Service}/{vm.Name}", DisplayNames.VmStatus(vm.Status).ToLowerInvariant()));
        }
        var capturing = catalogue.Claims.InProgress.Where(o => o.Kind == OperationKinds.CaptureVmImage && o.ImageName is not null)
            .Select(o => o.ImageName!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var image in catalogue.CapturingImages.Where(i => !capturing.Contains(i)))
        {
            var resource = OperationTargets.Image(image);
            yield return Problem(StorageProblemKind.StrandedResource, resource, resource, null, null,
                StorageHealthMessages.Format("ImageStuckCapturing", image));
        }
    }

    /// <summary>An unfinished operation whose lease lapsed a whole lease ago (or that nobody claimed in that time): no worker has it.</summary>
    private IEnumerable<StorageProblem> Stuck(CatalogueView catalogue, DateTimeOffset now)
    {
        var lease = operations.Value.Lease;
        foreach (var o in catalogue.Claims.InProgress)
        {
            var since = o.LeaseExpires ?? o.CreatedTime;
            if (since + lease >= now) continue;
            yield return Problem(StorageProblemKind.StuckOperation, o.Id.ToString(), $"operations/{o.Id}", null, null,
                StorageHealthMessages.Format("OperationWithoutWorker", o.Kind, o.Target, o.Id, since));
        }
    }

    private static Uri BlobUri(BlobAccount account, string name, string? snapshot)
    {
        var blob = account.Vhds.GetPageBlobClient(name);
        return string.IsNullOrEmpty(snapshot) ? blob.Uri : blob.WithSnapshot(snapshot).Uri;
    }

    private async Task<BlobProperties?> PropertiesOrNullAsync(Uri blob, CancellationToken ct)
    {
        try { return (await store.Resolve(blob).Blob.GetPropertiesAsync(cancellationToken: ct)).Value; }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    /// <summary>The bytes a page blob (or snapshot) really stores: its written pages, not its virtual size; null when it is gone.</summary>
    private async Task<long?> StoredBytesAsync(Uri blob, CancellationToken ct)
    {
        try
        {
            return await store.AllocatedBytesAsync(blob, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    /// <summary>Why a blob's listed properties rule out a fixed VHD (R1: a page blob of N MiB + 512 bytes, at most 1023 GiB of data).</summary>
    private static string? ShapeProblem(BlobItemProperties properties)
    {
        if (properties.BlobType != BlobType.Page) return StorageHealthMessages.Format("ShapeNotPage", properties.BlobType?.ToString().ToLowerInvariant());
        var length = properties.ContentLength ?? 0;
        var data = length - VhdFooter.Size;
        if (data < VhdFooter.MiB || data % VhdFooter.MiB != 0)
            return StorageHealthMessages.Format("ShapeLength", length);
        return data > VhdFooter.MaxDataSize ? StorageHealthMessages.Format("ShapeTooLarge", data / VhdFooter.GiB) : null;
    }

    private static string LeftoverSnapshot(BlobItem item) =>
        DateTimeOffset.TryParse(item.Snapshot, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? StorageHealthMessages.Format("LeftoverSnapshot", item.Name, at)
            : StorageHealthMessages.Format("LeftoverSnapshotUnknownTime", item.Name);

    private static StorageProblem Problem(StorageProblemKind kind, string subject, string? resource, string? blob, long? size, string detail) =>
        new(StorageProblemIds.For(kind, subject), kind, resource, blob, size, detail);
}
