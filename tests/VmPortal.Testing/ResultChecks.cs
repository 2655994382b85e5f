using VmPortal.Core;
using VmPortal.Core.Disks;

namespace VmPortal.Testing;

/// <summary>
/// The value of a call that has to succeed (an arrange step): a refusal fails the test right here with what
/// went wrong, instead of as a null reference further on.
/// </summary>
public static class ResultChecks
{
    public static T Ok<T>(this PortalResult<T> result)
    {
        if (!result.Succeeded) Assert.Fail($"Expected success, got {result.Error!.Code}: {result.Error.Message}");
        return result.Value!;
    }

    /// <summary>A guest record or heartbeat that has to be on the disk.</summary>
    public static T Ok<T>(this SectorRead<T> read) where T : class
    {
        if (read.State != SectorState.Present || read.Value is null) Assert.Fail($"Expected a {typeof(T).Name} on the disk, got {read.State}: {read.Message}");
        return read.Value;
    }
}
