using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Capture;

/// <summary>
/// R10's warnings as data, so the wizard, the API and the PowerShell module all show the same ones.
/// <see cref="Code"/> is stable; <see cref="Message"/> is what a person reads.
/// </summary>
public sealed record CaptureWarning(string Code, string Message)
{
    public static readonly CaptureWarning MemoryStateNotCaptured = new(nameof(MemoryStateNotCaptured),
        "Memory state is not captured: a capture is no backup. Use the backup and restore service to protect the VM's data.");

    public static readonly CaptureWarning ShutDownForConsistency = new(nameof(ShutDownForConsistency),
        "For application consistency, and consistency across disks, shut the VM down before capturing it. A running capture is only crash-consistent.");

    public static readonly CaptureWarning UnexpectedShutdownDialog = new(nameof(UnexpectedShutdownDialog),
        "The first remote-desktop connection to a VM deployed from this image may show a dialog saying the VM was not shut down properly.");

    /// <summary>The warnings that apply to capturing a VM in this state: none unless it is a running specialized capture.</summary>
    public static IReadOnlyList<CaptureWarning> For(OsState osState, bool running, OsType os) =>
        osState == OsState.Specialized && running
            ? os == OsType.Windows
                ? [MemoryStateNotCaptured, ShutDownForConsistency, UnexpectedShutdownDialog]
                : [MemoryStateNotCaptured, ShutDownForConsistency]
            : [];
}
