using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Tests.Atomicity;

/// <summary>What a case set up before its operation, for its assertions to compare with.</summary>
public sealed class Arranged
{
    public required string Name { get; init; }
    public VirtualMachine? Vm { get; init; }
    public string? Fingerprint { get; set; }
    public GuestRecord? Guest { get; init; }
    /// <summary>The blobs the case is about (a disk's, an image's, an orphan's).</summary>
    public IReadOnlyList<string> Blobs { get; init; } = [];
    public string? DiskName { get; init; }
    public string? ImageName { get; init; }
    public string? ServiceName { get; init; }
    public string? ProblemId { get; init; }
}

/// <summary>
/// One kind of operation in the crash matrix: how to set it up (a fresh resource each time), start it, and what "all done"
/// and "all undone" mean for it. <see cref="Undone"/> is null for kinds that always finish once started; <see cref="Kept"/>
/// names the blobs the operation leaves on purpose (VHDs a delete was asked to keep), which the health check then reports
/// as orphans; <see cref="LeftWhenUndone"/> names the orphans an undone operation leaves as they were (a repair that gave up).
/// </summary>
public sealed record CrashCase(
    string Kind,
    Func<EstateHost, string, Task<Arranged>> Arrange,
    Func<EstateHost, Arranged, Task<Guid>> Act,
    Func<EstateHost, Arranged, Task> Done,
    Func<EstateHost, Arranged, Task>? Undone = null,
    Func<Arranged, string[]>? Kept = null,
    Func<Arranged, string[]>? LeftWhenUndone = null)
{
    public override string ToString() => Kind;
}
