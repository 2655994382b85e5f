using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Core.VirtualMachines;

/// <summary>The guest as its record on the OS disk says (R5); null fields when the disk could not be read.</summary>
public sealed record GuestView(
    string? ComputerName, string? AdminUserName, Guid? MachineId, bool Generalized, bool Provisioned,
    uint BootCount, DateTimeOffset? LastBootTime, bool Running, bool LastShutdownUnexpected);

/// <summary>A row of the VM list: enough to filter, sort and act, without touching storage.</summary>
public sealed record VmSummary(
    int Id, string Name, string ServiceName, string Location, string InstanceSize, OsType Os, VmStatus Status,
    PowerState PowerState, bool GuestReady, string? SourceImageName, int DataDisks, bool Busy,
    Guid? MachineId = null, bool SharesMachineId = false);

/// <summary>One VM in full (API.md "Vm").</summary>
public sealed record VmDetails(
    VmSummary Summary, DiskView OsDisk, IReadOnlyList<DiskView> DataDisks, IReadOnlyList<Endpoint> Endpoints,
    string? VirtualNetwork, string? Subnet, GuestView? Guest, Guid? ActiveOperationId, IReadOnlyDictionary<string, string>? Tags = null)
{
    /// <summary>
    /// True when a disk's blob is gone from storage (deleted outside the portal), false when every one was read, null when
    /// storage was not asked (lists) or could not tell.
    /// </summary>
    public bool? BlobMissing => Disks.Any(d => d.BlobMissing == true) ? true : Disks.All(d => d.BlobMissing == false) ? false : null;

    public IEnumerable<DiskView> Disks => DataDisks.Prepend(OsDisk);
}

/// <summary>
/// Filters, sort and paging of the VM list (API.md <c>GET /api/vms</c>). All applied in the database, so a
/// page of 10,000 VMs costs what a page of ten does. No <see cref="Sort"/> means cloud service, then name. Every one of
/// <see cref="Tags"/> must match. <see cref="FromEnd"/> (the VM list page's grid) reads a keyed order backward: the page
/// ending just before <see cref="After"/>, or the last page.
/// </summary>
public sealed record VmListQuery(
    string? Search = null, string? Service = null, VmStatus? Status = null, int Skip = 0, int Take = 100,
    OsType? Os = null, string? Location = null, string? InstanceSize = null, VmSort? Sort = null, bool Descending = false,
    Continuation? After = null, IReadOnlyList<TagFilter>? Tags = null, bool FromEnd = false);

/// <summary>What the VM list can be ordered by.</summary>
public enum VmSort { Name, Service, Status, Os, Location, InstanceSize, DataDisks }

/// <summary>One of a VM's recent operations, for its details page.</summary>
public sealed record VmOperationView(
    Guid Id, string Kind, OperationStatus Status, int Progress, string? StatusMessage, string? ErrorCode, string? ErrorMessage,
    DateTimeOffset CreatedTime, DateTimeOffset? CompletedTime);

